package io.github.ddbstreamworker.config;

/** Where a shard that has no checkpoint yet starts. */
public enum InitialPosition {
  /** The oldest record still in the stream (up to 24 hours back). */
  TRIM_HORIZON,
  /** Only records written after the worker first reads the shard. */
  LATEST,
  /**
   * The first record created at or after INITIAL_TIMESTAMP. DynamoDB Streams has no iterator for a
   * time, so the shard is read from its oldest record and the older ones are left out unlogged.
   */
  AT_TIMESTAMP,
  /**
   * Every item in the table first, as snapshot lines from a parallel Scan, then the stream from
   * shortly before the scan began (docs/snapshot.md).
   */
  SNAPSHOT
}
