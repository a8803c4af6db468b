package io.github.ddbstreamworker.cli;

import io.github.ddbstreamworker.logging.LogFormat;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ddb-stream-worker} command line. */
@Command(
    name = "ddb-stream-worker",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Consumes a DynamoDB stream with the KCL and logs each new item as one JSON line.",
    subcommands = {
      RunCommand.class,
      LocalCommand.class,
      StatusCommand.class,
      CostCommand.class,
      SimulateCommand.class
    })
public final class Main {

  /**
   * Runs a command and exits with its code. The exit also ends what a stopped worker leaves behind
   * on purpose: the KCL's threads wind down for up to its failover time after a graceful stop, and
   * closing the AWS clients or the local DynamoDB endpoint under them would only make them log
   * errors.
   */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  private static int execute(String... args) {
    routeJavaUtilLoggingToSlf4j();
    // For every command; those with settings flags apply them again, a flag winning.
    LogSetup.use(System::getenv, () -> LogFormat.JSON);
    return new CommandLine(new Main())
        .setExitCodeExceptionMapper(Main::exitCodeOf)
        .setParameterExceptionHandler(
            (exception, commandArgs) -> {
              exception.getCommandLine().getErr().println(exception.getMessage());
              exception.getCommandLine().usage(exception.getCommandLine().getErr());
              return ExitCode.BAD_SETTINGS;
            })
        .execute(args);
  }

  private static int exitCodeOf(Throwable error) {
    return ExitCode.FAILED;
  }

  private static void routeJavaUtilLoggingToSlf4j() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
