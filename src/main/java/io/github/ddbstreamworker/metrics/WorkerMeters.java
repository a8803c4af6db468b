package io.github.ddbstreamworker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The worker's meters across shards, and the factory of each shard's meters. */
public final class WorkerMeters {

  private final MeterRegistry registry;
  private final Set<ShardMeters> open = ConcurrentHashMap.newKeySet();
  private final Counter shardsEnded;

  public WorkerMeters(MeterRegistry registry) {
    this.registry = registry;
    this.shardsEnded =
        Counter.builder(MeterNames.SHARDS_ENDED)
            .description("shards this worker processed to their end")
            .register(registry);
    Gauge.builder(MeterNames.LEASES_HELD, open, Set::size)
        .description("shards this worker is processing")
        .register(registry);
    Gauge.builder(MeterNames.ITERATOR_AGE_MAX, this, WorkerMeters::maxIteratorAgeMillis)
        .description("largest iterator age across the shards this worker holds")
        .baseUnit("milliseconds")
        .register(registry);
  }

  public ShardMeters openShard(String shardId) {
    ShardMeters shard = new ShardMeters(registry, this, shardId);
    open.add(shard);
    return shard;
  }

  void closed(ShardMeters shard) {
    open.remove(shard);
  }

  void shardEnded() {
    shardsEnded.increment();
  }

  private double maxIteratorAgeMillis() {
    return open.stream().mapToLong(ShardMeters::iteratorAgeMillis).max().orElse(0);
  }
}
