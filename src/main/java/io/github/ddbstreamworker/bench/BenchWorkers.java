package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.config.CheckpointInterval;
import io.github.ddbstreamworker.config.WorkerSettings;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.core.failure.BatchProcessor;
import io.github.ddbstreamworker.core.failure.FailureListener;
import io.github.ddbstreamworker.core.failure.FailurePolicy;
import io.github.ddbstreamworker.core.failure.LogOnlyDestination;
import io.github.ddbstreamworker.kcl.StreamWorker;
import io.github.ddbstreamworker.metrics.WorkerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Starts the benchmark's workers: the production worker on one stream named by its ARN, its lines
 * going to a {@link TimedSink}.
 */
final class BenchWorkers {

  private static final Duration WAIT = Duration.ofMinutes(10);

  private final WorkerSettings settings;
  private final CheckpointInterval checkpointInterval;

  /**
   * @param settings the filter, MAX_RECORDS and checkpoint interval every worker uses
   */
  BenchWorkers(WorkerSettings settings) {
    this(settings, settings.checkpointInterval());
  }

  private BenchWorkers(WorkerSettings settings, CheckpointInterval checkpointInterval) {
    this.settings = settings;
    this.checkpointInterval = checkpointInterval;
  }

  /** These workers as they would be with CHECKPOINT_INTERVAL_RECORDS=-1. */
  BenchWorkers withoutRecordBound() {
    return new BenchWorkers(
        settings,
        new CheckpointInterval(checkpointInterval.time(), CheckpointInterval.NO_RECORD_BOUND));
  }

  StreamWorker start(
      AwsClients clients,
      String streamArn,
      String application,
      String workerId,
      long pollMillis,
      TimedSink sink,
      MeterRegistry registry) {
    return StreamWorker.start(
        settingsFor(streamArn, application, workerId, pollMillis),
        clients,
        new BatchProcessor(
            new RecordPipeline(settings.filter(), sink, new EventCounts()),
            FailurePolicy.defaults(),
            new LogOnlyDestination(),
            FailureListener.NONE,
            Clock.systemUTC()),
        new WorkerMeters(registry));
  }

  private WorkerSettings settingsFor(
      String streamArn, String application, String workerId, long pollMillis) {
    Map<String, String> values = new HashMap<>();
    values.put("STREAM_ARN", streamArn);
    values.put("APPLICATION_NAME", application);
    values.put("WORKER_ID", workerId);
    values.put("POLL_INTERVAL_MS", Long.toString(pollMillis));
    values.put("MAX_RECORDS", Integer.toString(settings.maxRecords()));
    values.put("CHECKPOINT_INTERVAL_MS", Long.toString(checkpointInterval.time().toMillis()));
    values.put("CHECKPOINT_INTERVAL_RECORDS", Long.toString(checkpointInterval.records()));
    return WorkerSettings.from(values::get);
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
