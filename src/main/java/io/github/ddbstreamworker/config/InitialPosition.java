package io.github.ddbstreamworker.config;

/** Where a shard that has no checkpoint yet starts. */
public enum InitialPosition {
  /** The oldest record still in the stream (up to 24 hours back). */
  TRIM_HORIZON,
  /** Only records written after the worker first reads the shard. */
  LATEST
}
