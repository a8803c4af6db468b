package io.github.ddbstreamworker.core.failure;

/** What the failure handling reports, for metrics. */
public interface FailureListener {

  /** A record was handed to the destination, which stored it. */
  void recordFailed(RecordFailure.Reason reason, String destination);

  /** The destination did not store a failure; the shard waits at the record. */
  void destinationFailed(String destination);

  /** A shard started or stopped waiting on the destination. */
  void blocked(String shardId, boolean blocked);

  FailureListener NONE =
      new FailureListener() {
        @Override
        public void recordFailed(RecordFailure.Reason reason, String destination) {}

        @Override
        public void destinationFailed(String destination) {}

        @Override
        public void blocked(String shardId, boolean blocked) {}
      };
}
