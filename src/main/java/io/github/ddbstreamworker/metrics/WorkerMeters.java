package io.github.ddbstreamworker.metrics;

import io.github.ddbstreamworker.core.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.kinesis.metrics.MetricsLevel;

/** The worker's meters across shards, and the factory of each shard's meters. */
public final class WorkerMeters {

  private final MeterRegistry registry;
  private final MetricsLevel kclLevel;
  private final Set<ShardMeters> open = ConcurrentHashMap.newKeySet();
  private final Counter shardsEnded;

  /** Meters of this worker, without the KCL's own. */
  public WorkerMeters(MeterRegistry registry) {
    this(registry, MetricsLevel.NONE);
  }

  public WorkerMeters(MeterRegistry registry, MetricsLevel kclLevel) {
    this.registry = registry;
    this.kclLevel = kclLevel;
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

  /** The registry these meters record into; the KCL's own metrics go there too. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The level at which the KCL records its own metrics; NONE records nothing. */
  public MetricsLevel kclLevel() {
    return kclLevel;
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

  /**
   * Counts records lost on a shard: the stream had trimmed some this worker had not read. A counter
   * per shard appears with the shard's first gap; alarm on any increase.
   */
  public void trimmedGap(String shardId) {
    Counter.builder(MeterNames.TRIMMED_GAPS)
        .description("gaps in a shard's records left by the stream's 24 h retention")
        .tag(MeterNames.TAG_SHARD_ID, shardId)
        .register(registry)
        .increment();
  }

  /** Counts an unexpected exception in the worker's own code, by the stage it came from. */
  public void unexpectedError(Stage stage) {
    Counter.builder(MeterNames.UNEXPECTED_ERRORS)
        .description("unexpected exceptions in the worker's own code; each halts a shard")
        .tag(MeterNames.TAG_WHERE, stage.tag())
        .register(registry)
        .increment();
  }

  private double maxIteratorAgeMillis() {
    return open.stream().mapToLong(ShardMeters::iteratorAgeMillis).max().orElse(0);
  }
}
