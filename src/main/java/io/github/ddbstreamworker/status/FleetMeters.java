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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;

/**
 * Fleet signals, counted once a minute: the stream's open shards and the application's live
 * workers, so a scaling policy can keep workers = ceil(open shards / shards per worker); and the
 * unfinished shards no live worker holds, which an alarm watches.
 */
public final class FleetMeters implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FleetMeters.class);

  private final FleetCensus census;
  private final Supplier<String> streamArn;
  private final String applicationName;
  private final AtomicInteger openShards = new AtomicInteger();
  private final AtomicInteger liveWorkers = new AtomicInteger();
  private final AtomicInteger unownedShards = new AtomicInteger();
  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "fleet-meters");
            thread.setDaemon(true);
            return thread;
          });

  private FleetMeters(FleetCensus census, Supplier<String> streamArn, String applicationName) {
    this.census = census;
    this.streamArn = streamArn;
    this.applicationName = applicationName;
  }

  /**
   * @param streamArn the stream being consumed, asked at every count: it changes when the worker
   *     follows a table's new stream
   */
  public static FleetMeters start(
      FleetCensus census,
      Supplier<String> streamArn,
      String applicationName,
      MeterRegistry registry,
      Duration period) {
    FleetMeters meters = new FleetMeters(census, streamArn, applicationName);
    Gauge.builder(MeterNames.OPEN_SHARDS, meters.openShards, AtomicInteger::get)
        .description("open shards in the stream")
        .register(registry);
    Gauge.builder(MeterNames.LIVE_WORKERS, meters.liveWorkers, AtomicInteger::get)
        .description("workers of this application reporting in the last 90 s")
        .register(registry);
    Gauge.builder(MeterNames.UNOWNED_SHARDS, meters.unownedShards, AtomicInteger::get)
        .description("unfinished shards that no live worker holds")
        .register(registry);
    meters.schedule.scheduleWithFixedDelay(
        meters::count, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return meters;
  }

  private void count() {
    try {
      List<Shard> shards = census.shards(streamArn.get());
      openShards.set((int) shards.stream().filter(FleetCensus::isOpen).count());
      Set<String> live = census.liveWorkerIds(applicationName);
      liveWorkers.set(live.size());
      unownedShards.set(UnownedShards.among(shards, leases(), live).size());
    } catch (RuntimeException e) {
      log.warn(
          "could not count shards and workers; the gauges keep their last values: {}",
          e.toString());
    }
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
