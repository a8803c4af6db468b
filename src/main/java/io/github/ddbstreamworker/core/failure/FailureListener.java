package io.github.ddbstreamworker.core.failure;

import java.util.List;

/** What the failure handling reports, for metrics and for the lease table. */
public interface FailureListener {

  /** A record was handed to the destination, which stored it. */
  default void recordFailed(RecordFailure.Reason reason, String destination) {}

  /** The destination did not store a failure. */
  default void destinationFailed(String destination) {}

  /** The shard now waits at this record until the destination stores it. */
  default void waiting(RecordFailure failure, String destinationError) {}

  /** The shard no longer waits: the destination stored the failure, or the worker is stopping. */
  default void resumed(String shardId) {}

  FailureListener NONE = new FailureListener() {};

  /** Tells every listener, in order. */
  static FailureListener all(FailureListener... listeners) {
    List<FailureListener> each = List.of(listeners);
    return new FailureListener() {
      @Override
      public void recordFailed(RecordFailure.Reason reason, String destination) {
        each.forEach(listener -> listener.recordFailed(reason, destination));
      }

      @Override
      public void destinationFailed(String destination) {
        each.forEach(listener -> listener.destinationFailed(destination));
      }

      @Override
      public void waiting(RecordFailure failure, String destinationError) {
        each.forEach(listener -> listener.waiting(failure, destinationError));
      }

      @Override
      public void resumed(String shardId) {
        each.forEach(listener -> listener.resumed(shardId));
      }
    };
  }
}
