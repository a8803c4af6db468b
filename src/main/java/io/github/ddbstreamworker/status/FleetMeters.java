package io.github.ddbstreamworker.status;

import io.github.ddbstreamworker.kcl.upstream.LeaseRow;
import io.github.ddbstreamworker.metrics.MeterNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;

/**
 * Fleet signals, counted once a minute: the stream's open shards and the application's live
 * workers, so a scaling policy can keep workers = ceil(open shards / shards per worker); and the
 * unfinished shards no live worker holds, which an alarm watches.
 *
 * <p>Every worker counts the live workers (one small Scan). Only the census taker lists the stream
 * and counts the shards, since a listing takes one DescribeStream call per 100 shards and DynamoDB
 * Streams allows 10 calls a second: 40 workers each listing a stream of 5,000 shards once a minute
 * would use 33. Elsewhere the two shard gauges are NaN, which CloudWatch is not sent.
 */
public final class FleetMeters implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FleetMeters.class);

  private final FleetCensus census;
  private final Supplier<String> streamArn;
  private final String applicationName;
  private final String workerId;
  private final AtomicReference<Double> openShards = new AtomicReference<>(Double.NaN);
  private final AtomicInteger liveWorkers = new AtomicInteger();
  private final AtomicReference<Double> unownedShards = new AtomicReference<>(Double.NaN);
  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "fleet-meters");
            thread.setDaemon(true);
            return thread;
          });

  private FleetMeters(
      FleetCensus census, Supplier<String> streamArn, String applicationName, String workerId) {
    this.census = census;
    this.streamArn = streamArn;
    this.applicationName = applicationName;
    this.workerId = workerId;
  }

  /**
   * @param streamArn the stream being consumed, asked at every count: it changes when the worker
   *     follows a table's new stream
   * @param workerId this worker's id, which decides whether it is the census taker
   */
  public static FleetMeters start(
      FleetCensus census,
      Supplier<String> streamArn,
      String applicationName,
      String workerId,
      MeterRegistry registry,
      Duration period) {
    FleetMeters meters = new FleetMeters(census, streamArn, applicationName, workerId);
    Gauge.builder(MeterNames.OPEN_SHARDS, meters.openShards, AtomicReference::get)
        .description("open shards in the stream")
        .register(registry);
    Gauge.builder(MeterNames.LIVE_WORKERS, meters.liveWorkers, AtomicInteger::get)
        .description("workers of this application reporting in the last 90 s")
        .register(registry);
    Gauge.builder(MeterNames.UNOWNED_SHARDS, meters.unownedShards, AtomicReference::get)
        .description("unfinished shards that no live worker holds")
        .register(registry);
    meters.schedule.scheduleWithFixedDelay(
        meters::count, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return meters;
  }

  private void count() {
    try {
      Set<String> live = census.liveWorkerIds(applicationName);
      liveWorkers.set(live.size());
      if (!isCensusTaker(workerId, live)) {
        openShards.set(Double.NaN);
        unownedShards.set(Double.NaN);
        return;
      }
      List<Shard> shards = census.shards(streamArn.get());
      openShards.set((double) shards.stream().filter(FleetCensus::isOpen).count());
      unownedShards.set((double) UnownedShards.among(shards, leases(), live).size());
    } catch (RuntimeException e) {
      log.warn(
          "could not count shards and workers; the gauges keep their last values: {}",
          e.toString());
    }
  }

  /**
   * The worker with the least id among the live ones and itself: one worker of a settled fleet,
   * which all agree on from the same worker-metrics table. A worker that just joined and one that
   * died but still looks alive (for 90 s) may briefly make two takers or none.
   */
  static boolean isCensusTaker(String workerId, Set<String> liveWorkers) {
    return liveWorkers.stream().allMatch(other -> workerId.compareTo(other) <= 0);
  }

  /** None while the first worker has not created the lease table yet. */
  private Map<String, LeaseRow> leases() {
    try {
      return census.leases(applicationName);
    } catch (ResourceNotFoundException e) {
      return Map.of();
    }
  }

  @Override
  public void close() {
    schedule.shutdownNow();
  }
}
