package io.github.ddbstreamworker.cli;

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
    subcommands = {RunCommand.class, LocalCommand.class, BenchCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command and returns its exit code, leaving the JVM up (tests call this). */
  public static int execute(String... args) {
    routeJavaUtilLoggingToSlf4j();
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
