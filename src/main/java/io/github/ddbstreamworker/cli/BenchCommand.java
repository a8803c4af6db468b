package io.github.ddbstreamworker.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.github.ddbstreamworker.bench.WorkerBenchmark;
import io.github.ddbstreamworker.config.WorkerSettings;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench}: start-up, latency and takeover figures on an embedded DynamoDB Local. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the worker on an embedded DynamoDB Local and print the figures: cold and warm",
      "start to first record, end-to-end latency at a steady write rate, takeover after a stop."
    })
final class BenchCommand implements Callable<Integer> {

  @Option(
      names = "--items",
      defaultValue = "300",
      description = "items written for the latency figure (default ${DEFAULT-VALUE})")
  int items;

  @Option(
      names = "--rate",
      defaultValue = "20",
      description = "writes per second for the latency figure (default ${DEFAULT-VALUE})")
  int rate;

  @Mixin SettingOptions options;

  @Override
  public Integer call() throws InterruptedException {
    WorkerSettings settings;
    try {
      settings = WorkerSettings.from(withBenchTable(options.over(System::getenv)));
    } catch (RuntimeException e) {
      return StartupFailure.report(e);
    }
    quietLogs();
    new WorkerBenchmark(settings, items, rate, System.out).run();
    return ExitCode.OK;
  }

  /** Only errors, so the figures stand alone on stdout. */
  private static void quietLogs() {
    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    logs.getLoggerList().stream()
        .filter(logger -> logger.getLevel() != null)
        .forEach(logger -> logger.setLevel(Level.ERROR));
  }

  /** The benchmark makes its own table; only the polling settings are taken from the caller. */
  private static Function<String, String> withBenchTable(Function<String, String> lookup) {
    return name ->
        switch (name) {
          case "TABLE_NAME" -> "bench-items";
          case "STREAM_ARN" -> null;
          default -> lookup.apply(name);
        };
  }
}
