package io.github.ddbstreamworker.cli;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.SqsFailureDestination;
import io.github.ddbstreamworker.config.Settings;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.core.StdoutSink;
import io.github.ddbstreamworker.core.failure.BatchProcessor;
import io.github.ddbstreamworker.core.failure.FailureDestination;
import io.github.ddbstreamworker.core.failure.FailureListener;
import io.github.ddbstreamworker.core.failure.LogOnlyDestination;
import io.github.ddbstreamworker.kcl.LeaseWaitMarker;
import io.github.ddbstreamworker.kcl.StreamWorker;
import io.github.ddbstreamworker.metrics.FailureMeters;
import io.github.ddbstreamworker.metrics.MeterRegistries;
import io.github.ddbstreamworker.metrics.PipelineMeters;
import io.github.ddbstreamworker.metrics.WorkerMeters;
import io.github.ddbstreamworker.ops.OperationsEndpoint;
import io.github.ddbstreamworker.status.FleetCensus;
import io.github.ddbstreamworker.status.FleetMeters;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.metrics.MetricsLevel;

/** Runs a worker, its metrics and its endpoint until SIGTERM or Ctrl-C, then stops gracefully. */
final class WorkerRun {

  private static final Logger log = LoggerFactory.getLogger(WorkerRun.class);
  private static final Duration FLEET_COUNT_PERIOD = Duration.ofMinutes(1);

  private WorkerRun() {}

  static int untilStopped(Settings settings, AwsClients clients, EventCounts counts)
      throws InterruptedException {
    // Installed first, so a stop during start-up also ends in a graceful stop.
    CountDownLatch stopRequested = new CountDownLatch(1);
    TerminationSignals.onTermination(stopRequested::countDown);
    MeterRegistries meters = new MeterRegistries(settings.metrics(), clients.cloudWatch());
    PipelineMeters.bind(counts, meters.registry());
    RecordPipeline pipeline =
        new RecordPipeline(
            settings.worker().filter(),
            settings.worker().redaction(),
            StdoutSink.systemOut(),
            counts);
    StreamWorker worker;
    FleetMeters fleet;
    OperationsEndpoint endpoint = null;
    try {
      FailureDestination destination =
          settings
              .failures()
              .failureQueueUrl()
              .<FailureDestination>map(url -> SqsFailureDestination.connect(clients.sqs(), url))
              .orElseGet(LogOnlyDestination::new);
      log.atInfo()
          .addKeyValue("destination", destination.name())
          .addKeyValue("maxRetryAttempts", settings.failures().policy().maxRetryAttempts())
          .addKeyValue(
              "maxRecordAgeSeconds",
              settings.failures().policy().maxRecordAge().map(Duration::toSeconds).orElse(-1L))
          .log("failing records are retried, then sent to the failure destination");
      BatchProcessor batches =
          new BatchProcessor(
              pipeline,
              settings.failures().policy(),
              destination,
              FailureListener.all(
                  new FailureMeters(meters.registry()),
                  new LeaseWaitMarker(
                      clients.leaseTables(),
                      settings.worker().applicationName(),
                      settings.worker().workerId(),
                      Clock.systemUTC())),
              Clock.systemUTC());
      worker =
          StreamWorker.start(
              settings.worker(),
              clients,
              batches,
              new WorkerMeters(
                  meters.registry(), MetricsLevel.valueOf(settings.metrics().kclLevel().name())));
      fleet =
          FleetMeters.start(
              new FleetCensus(clients.dynamoDb(), clients.streams()),
              worker.stream().streamArn(),
              settings.worker().applicationName(),
              meters.registry(),
              FLEET_COUNT_PERIOD);
      if (settings.metrics().httpPort().isPresent()) {
        endpoint =
            OperationsEndpoint.start(
                settings.metrics().httpPort().getAsInt(),
                meters::scrape,
                worker::health,
                worker::readiness);
        log.info("serving /metrics, /health and /ready on port {}", endpoint.port());
      }
    } catch (RuntimeException e) {
      return StartupFailure.report(e);
    }
    while (!stopRequested.await(1, TimeUnit.SECONDS)) {
      if (worker.hasStoppedOnItsOwn()) {
        log.error("the KCL scheduler stopped on its own; see the errors above");
        return ExitCode.FAILED;
      }
    }
    log.info("stop requested");
    worker.close();
    // Its last reads would fail, and log errors, against clients or a local endpoint closed under
    // them; it usually ends about 2 s after the close.
    worker.awaitStopped(StreamWorker.LOOP_END_WAIT);
    fleet.close();
    if (endpoint != null) {
      endpoint.close();
    }
    meters.close();
    return ExitCode.OK;
  }
}
