package io.github.ddbstreamworker.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The meters of one shard this worker processes; removed when the worker lets the shard go. */
public final class ShardMeters implements AutoCloseable {

  /** Why a checkpoint was written. */
  public enum Reason {
    BATCH,
    SHARD_END,
    SHUTDOWN
  }

  /** What became of a checkpoint. */
  public enum Outcome {
    WRITTEN,
    /** The lease was no longer this worker's. */
    SKIPPED,
    FAILED
  }

  private final MeterRegistry registry;
  private final WorkerMeters worker;
  private final List<Meter> meters = new ArrayList<>();
  private final AtomicLong recordsSinceCheckpoint = new AtomicLong();
  private volatile long lastCheckpointNanos = System.nanoTime();
  private volatile long iteratorAgeMillis;
  private volatile long millisBehindLatest;

  ShardMeters(MeterRegistry registry, WorkerMeters worker, String shardId) {
    this.registry = registry;
    this.worker = worker;
    meters.add(
        Gauge.builder(MeterNames.RECORDS_SINCE_CHECKPOINT, recordsSinceCheckpoint, AtomicLong::get)
            .tag(MeterNames.TAG_SHARD_ID, shardId)
            .register(registry));
    meters.add(
        Gauge.builder(
                MeterNames.SECONDS_SINCE_CHECKPOINT, this, ShardMeters::secondsSinceCheckpoint)
            .tag(MeterNames.TAG_SHARD_ID, shardId)
            .baseUnit("seconds")
            .register(registry));
    meters.add(
        Gauge.builder(MeterNames.ITERATOR_AGE, this, ShardMeters::iteratorAgeMillis)
            .tag(MeterNames.TAG_SHARD_ID, shardId)
            .baseUnit("milliseconds")
            .register(registry));
    meters.add(
        Gauge.builder(MeterNames.MILLIS_BEHIND_LATEST, this, meters -> meters.millisBehindLatest)
            .tag(MeterNames.TAG_SHARD_ID, shardId)
            .baseUnit("milliseconds")
            .register(registry));
  }

  /**
   * Notes a batch handed over by the KCL.
   *
   * @param newestRecord approximate creation time of the batch's last record; null when empty
   */
  public void batch(int records, Instant newestRecord, Long millisBehindLatest) {
    recordsSinceCheckpoint.addAndGet(records);
    iteratorAgeMillis =
        newestRecord == null
            ? 0
            : Math.max(0, Duration.between(newestRecord, Instant.now()).toMillis());
    if (millisBehindLatest != null) {
      this.millisBehindLatest = millisBehindLatest;
    }
  }

  public void checkpoint(Reason reason, Outcome outcome, long nanos) {
    registry
        .counter(
            MeterNames.CHECKPOINTS,
            MeterNames.TAG_REASON,
            name(reason),
            MeterNames.TAG_OUTCOME,
            name(outcome))
        .increment();
    if (outcome == Outcome.WRITTEN) {
      Timer.builder(MeterNames.CHECKPOINT_LATENCY)
          .tag(MeterNames.TAG_REASON, name(reason))
          .register(registry)
          .record(nanos, TimeUnit.NANOSECONDS);
      recordsSinceCheckpoint.set(0);
      lastCheckpointNanos = System.nanoTime();
    }
    if (reason == Reason.SHARD_END && outcome == Outcome.WRITTEN) {
      worker.shardEnded();
    }
  }

  long iteratorAgeMillis() {
    return iteratorAgeMillis;
  }

  private double secondsSinceCheckpoint() {
    return (System.nanoTime() - lastCheckpointNanos) / 1e9;
  }

  private static String name(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
    worker.closed(this);
  }
}
