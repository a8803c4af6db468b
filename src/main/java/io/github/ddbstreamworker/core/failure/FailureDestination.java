package io.github.ddbstreamworker.core.failure;

/** Where records the worker gives up on are sent, so that none is lost silently. */
public interface FailureDestination {

  /**
   * Stores the failure durably, or throws.
   *
   * @throws FailureDestinationException if it was not stored; the caller keeps the shard at the
   *     record and tries again
   */
  void send(RecordFailure failure);

  /** A short name for logs and metrics tags, such as {@code sqs}. */
  String name();
}
