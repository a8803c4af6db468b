package io.github.ddbstreamworker.metrics;

import io.github.ddbstreamworker.core.failure.FailureListener;
import io.github.ddbstreamworker.core.failure.RecordFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Records given up on, refused hand-overs, and shards waiting on the failure destination. */
public final class FailureMeters implements FailureListener {

  private final MeterRegistry registry;
  private final Set<String> blockedShards = ConcurrentHashMap.newKeySet();

  public FailureMeters(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder(MeterNames.BLOCKED_SHARDS, blockedShards, Set::size)
        .description("shards waiting at a record the failure destination has not taken")
        .register(registry);
  }

  @Override
  public void recordFailed(RecordFailure.Reason reason, String destination) {
    Counter.builder(MeterNames.FAILED_RECORDS)
        .tag(MeterNames.TAG_REASON, reason.tag())
        .tag(MeterNames.TAG_DESTINATION, destination)
        .register(registry)
        .increment();
  }

  @Override
  public void destinationFailed(String destination) {
    Counter.builder(MeterNames.DESTINATION_ERRORS)
        .tag(MeterNames.TAG_DESTINATION, destination)
        .register(registry)
        .increment();
  }

  @Override
  public void waiting(RecordFailure failure, String destinationError) {
    blockedShards.add(failure.source().shardId());
  }

  @Override
  public void resumed(String shardId) {
    blockedShards.remove(shardId);
  }
}
