package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.app.WorkerAssembly;
import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.config.CheckpointInterval;
import io.github.ddbstreamworker.config.Setting;
import io.github.ddbstreamworker.config.Settings;
import io.github.ddbstreamworker.config.WorkerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Starts the benchmark's workers: the production worker ({@link WorkerAssembly}, as {@code run}
 * starts it) on one stream named by its ARN, its lines going to a {@link TimedSink}.
 */
final class BenchWorkers {

  /** The worker settings the benchmark takes from its caller, by environment name. */
  static final List<Setting<?>> SETTINGS_READ =
      List.of(
          Setting.FILTER_CRITERIA,
          Setting.MAX_RECORDS,
          Setting.POLL_INTERVAL_MS,
          Setting.CHECKPOINT_INTERVAL_MS,
          Setting.CHECKPOINT_INTERVAL_RECORDS);

  private static final Duration WAIT = Duration.ofMinutes(10);

  private final Map<String, String> values;
  private final WorkerSettings settings;

  /**
   * @param values some of {@link #SETTINGS_READ}; the others keep their defaults
   * @throws io.github.ddbstreamworker.config.InvalidSettingsException naming every bad value
   */
  BenchWorkers(Map<String, String> values) {
    this.values = Map.copyOf(values);
    this.settings = WorkerSettings.from(withBenchTable(this.values::get));
  }

  /** The settings every worker shares; their stream, application and worker id are the run's. */
  WorkerSettings settings() {
    return settings;
  }

  /** These workers as they would be with CHECKPOINT_INTERVAL_RECORDS=-1. */
  BenchWorkers withoutRecordBound() {
    Map<String, String> unbounded = new HashMap<>(values);
    unbounded.put("CHECKPOINT_INTERVAL_RECORDS", Long.toString(CheckpointInterval.NO_RECORD_BOUND));
    return new BenchWorkers(unbounded);
  }

  WorkerAssembly start(
      AwsClients clients,
      String streamArn,
      String application,
      String workerId,
      long pollMillis,
      TimedSink sink,
      MeterRegistry registry) {
    Map<String, String> worker = new HashMap<>(values);
    worker.put("STREAM_ARN", streamArn);
    worker.put("APPLICATION_NAME", application);
    worker.put("WORKER_ID", workerId);
    worker.put("POLL_INTERVAL_MS", Long.toString(pollMillis));
    return WorkerAssembly.of(Settings.from(worker::get), clients)
        .sink(sink)
        .alsoRecordInto(registry)
        .start();
  }

  /** A table name stands in for the streams the benchmark makes, so that the settings validate. */
  private static Function<String, String> withBenchTable(Function<String, String> lookup) {
    return name -> "TABLE_NAME".equals(name) ? "bench-items" : lookup.apply(name);
  }

  static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the worker did not deliver within " + WAIT);
      }
      Thread.sleep(5);
    }
  }

  /** Records per second from the first line to the last, start-up left out. */
  static double rate(TimedSink sink, int records) {
    var arrivals = sink.arrivals();
    long nanos = arrivals.get(records - 1).nanos() - arrivals.get(0).nanos();
    return (records - 1) / (nanos / 1e9);
  }
}
