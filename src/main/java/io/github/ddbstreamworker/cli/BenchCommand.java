package io.github.ddbstreamworker.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.github.ddbstreamworker.bench.BenchPlan;
import io.github.ddbstreamworker.bench.WorkerBenchmark;
import io.github.ddbstreamworker.config.WorkerSettings;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: start-up, latency, drain, scale and memory figures, with the lease tables on a
 * moto_server child process and the stream on the in-process stream simulator.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the worker with its lease tables on a moto_server child process (moto_server must",
      "be on the PATH) and its stream on the in-process stream simulator (GetRecords throttle",
      "off): cold and warm start, end-to-end latency at several poll intervals, backlog drain",
      "beside a bare GetRecords loop, drain, latency and requests as the shard count grows, and a",
      "worker process's memory. Prints a table and writes CSV and PNG plots into --out."
    })
final class BenchCommand implements Callable<Integer> {

  @Option(
      names = "--items",
      defaultValue = "300",
      description = "items written per poll interval for the latency (default ${DEFAULT-VALUE})")
  int items;

  @Option(
      names = "--rate",
      defaultValue = "20",
      description =
          "writes per second for the latency, per shard in the scale figures"
              + " (default ${DEFAULT-VALUE})")
  int rate;

  @Option(
      names = "--poll-intervals",
      split = ",",
      defaultValue = "125,250,1000",
      paramLabel = "MS",
      description = "poll intervals to measure the latency at (default ${DEFAULT-VALUE})")
  List<Long> pollIntervals;

  @Option(
      names = "--backlog",
      defaultValue = "100000",
      description = "records in the stream for the drain figures (default ${DEFAULT-VALUE})")
  int backlog;

  @Option(
      names = "--drain-rounds",
      defaultValue = "5",
      description =
          "rounds of the drain, each the floor, the worker, and the worker with no checkpoint"
              + " record bound; medians are reported (default ${DEFAULT-VALUE})")
  int drainRounds;

  @Option(
      names = "--shards",
      split = ",",
      defaultValue = "1,2,4,8",
      paramLabel = "N",
      description =
          "shard counts for the scale figures, each one stream of that many shards; 0 leaves"
              + " them out (default ${DEFAULT-VALUE})")
  List<Integer> shards;

  @Option(
      names = "--records-per-shard",
      defaultValue = "10000",
      description = "records in each shard for the scale figures' drain (default ${DEFAULT-VALUE})")
  int recordsPerShard;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "folder for the CSV and PNG files (default bench-results/<time>)")
  Path out;

  @Mixin SettingFlags flags;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    WorkerSettings settings;
    try {
      settings = WorkerSettings.from(withBenchTable(flags.over(System::getenv)));
    } catch (RuntimeException e) {
      return StartupFailure.report(e);
    }
    BenchPlan plan;
    try {
      plan =
          new BenchPlan(
              items,
              rate,
              pollIntervals,
              backlog,
              drainRounds,
              shards.stream().filter(count -> count != 0).toList(),
              recordsPerShard);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("bench: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return ExitCode.BAD_SETTINGS;
    }
    quietLogs();
    Path folder =
        out != null
            ? out
            : Path.of(
                "bench-results",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Path written = new WorkerBenchmark(settings, plan, System.out).run(folder, shadedJar());
    System.out.println();
    System.out.println("CSV and plots: " + written.toAbsolutePath());
    return ExitCode.OK;
  }

  /** The jar this runs from, when it runs from one: a worker process is started from it. */
  private static Optional<Path> shadedJar() {
    try {
      Path location =
          Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return location.toString().endsWith(".jar") ? Optional.of(location) : Optional.empty();
    } catch (URISyntaxException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** Only errors, so the figures stand alone on stdout. */
  private static void quietLogs() {
    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    logs.getLoggerList().stream()
        .filter(logger -> logger.getLevel() != null)
        .forEach(logger -> logger.setLevel(Level.ERROR));
  }

  /**
   * The benchmark makes its own streams; only the filter, polling and checkpoint settings are taken
   * from the caller. A table name stands in for the stream so that the settings validate.
   */
  private static Function<String, String> withBenchTable(Function<String, String> lookup) {
    return name ->
        switch (name) {
          case "TABLE_NAME" -> "bench-items";
          case "STREAM_ARN" -> null;
          default -> lookup.apply(name);
        };
  }
}
