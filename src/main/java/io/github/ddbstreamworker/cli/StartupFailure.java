package io.github.ddbstreamworker.cli;

import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.aws.StreamNotFoundException;
import io.github.ddbstreamworker.config.InvalidSettingsException;
import io.github.ddbstreamworker.local.MotoServerProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reports why the worker cannot start, in one log line, and picks the exit code. */
final class StartupFailure {

  private static final Logger log = LoggerFactory.getLogger(StartupFailure.class);

  private StartupFailure() {}

  static int report(RuntimeException error) {
    if (error instanceof InvalidSettingsException
        || error instanceof AwsConnection.MissingRegionException
        || error instanceof MotoServerProcess.MotoServerNotFoundException
        || error instanceof MotoServerProcess.PortInUseException) {
      log.error("cannot start: {}", error.getMessage());
      return ExitCode.BAD_SETTINGS;
    }
    if (error instanceof StreamNotFoundException) {
      log.error("cannot start: {}", error.getMessage());
      return ExitCode.FAILED;
    }
    log.error("cannot start", error);
    return ExitCode.FAILED;
  }
}
