package io.github.ddbstreamworker.cli;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.config.WorkerSettings;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.kcl.StreamWorker;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a worker until SIGTERM or Ctrl-C, then stops it gracefully. */
final class WorkerRun {

  private static final Logger log = LoggerFactory.getLogger(WorkerRun.class);

  private WorkerRun() {}

  static int untilStopped(WorkerSettings settings, AwsClients clients, RecordPipeline pipeline)
      throws InterruptedException {
    // Installed first, so a stop during start-up also ends in a graceful stop.
    CountDownLatch stopRequested = new CountDownLatch(1);
    TerminationSignals.onTermination(stopRequested::countDown);
    StreamWorker worker;
    try {
      worker = StreamWorker.start(settings, clients, pipeline);
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
    return ExitCode.OK;
  }
}
