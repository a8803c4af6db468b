package io.github.ddbstreamworker.cli;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.config.WorkerSettings;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.kcl.StreamWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a worker until SIGTERM or Ctrl-C, then stops it gracefully. */
final class WorkerRun {

  private static final Logger log = LoggerFactory.getLogger(WorkerRun.class);

  private WorkerRun() {}

  static int untilStopped(WorkerSettings settings, AwsClients clients, RecordPipeline pipeline)
      throws InterruptedException {
    StreamWorker worker;
    try {
      worker = StreamWorker.start(settings, clients, pipeline);
    } catch (RuntimeException e) {
      return StartupFailure.report(e);
    }
    TerminationSignals.onTermination(
        () -> {
          log.info("stop requested");
          worker.close();
        });
    worker.awaitTermination();
    if (worker.stoppedOnItsOwn()) {
      log.error("the KCL scheduler stopped on its own; see the errors above");
      return ExitCode.FAILED;
    }
    return ExitCode.OK;
  }
}
