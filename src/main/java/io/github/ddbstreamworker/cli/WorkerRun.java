package io.github.ddbstreamworker.cli;

import io.github.ddbstreamworker.app.WorkerAssembly;
import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.config.Settings;
import io.github.ddbstreamworker.core.EventCounts;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a worker, its metrics and its endpoint until SIGTERM or Ctrl-C, then stops gracefully. */
final class WorkerRun {

  private static final Logger log = LoggerFactory.getLogger(WorkerRun.class);

  private WorkerRun() {}

  static int untilStopped(Settings settings, AwsClients clients, EventCounts counts)
      throws InterruptedException {
    // Installed first, so a stop during start-up also ends in a graceful stop.
    CountDownLatch stopRequested = new CountDownLatch(1);
    TerminationSignals.onTermination(stopRequested::countDown);
    WorkerAssembly worker;
    try {
      worker = WorkerAssembly.of(settings, clients).counts(counts).start();
    } catch (RuntimeException e) {
      return StartupFailure.report(e);
    }
    while (!stopRequested.await(1, TimeUnit.SECONDS)) {
      if (worker.ended().isPresent()) {
        worker.close();
        return ExitCode.STREAM_ENDED;
      }
      if (worker.failure().isPresent()) {
        worker.close();
        return ExitCode.FAILED;
      }
      if (worker.hasStoppedOnItsOwn()) {
        log.error("the KCL scheduler stopped on its own; see the errors above");
        return ExitCode.FAILED;
      }
    }
    log.info("stop requested");
    worker.close();
    return ExitCode.OK;
  }
}
