package io.github.ddbstreamworker.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.github.ddbstreamworker.cli.ExitCode;
import io.github.ddbstreamworker.cli.SettingFlags;
import io.github.ddbstreamworker.config.InvalidSettingsException;
import io.github.ddbstreamworker.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The worker benchmark's command line, run from test scope by the Maven profile {@code bench}
 * (docs/benchmarks.md): start-up, latency, drain, scale and memory figures, with the lease tables
 * on a moto_server child process and the stream on the in-process stream simulator.
 */
@Command(
    name = "bench",
    sortOptions = false,
    description = {
      "Measure the worker with its lease tables on a moto_server child process (moto_server must"
          + " be on the PATH) and its stream on the in-process stream simulator (GetRecords"
          + " throttle off): cold and warm start, end-to-end latency at several poll intervals,"
          + " backlog drain beside a bare GetRecords loop, drain, latency and requests as the"
          + " shard count grows, and a worker process's memory. Prints a table and writes CSV and"
          + " PNG plots into --out.",
      "The worker settings among the options also come from their environment variables"
          + " (MAX_RECORDS, ...).",
      ""
    })
public final class BenchCommand implements Callable<Integer> {

  /** Where {@code ./mvnw package} leaves the worker's jar, relative to the project folder. */
  static final Path DEFAULT_WORKER_JAR = Path.of("target", "ddb-stream-worker.jar");

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

  @Option(
      names = "--worker-jar",
      paramLabel = "JAR",
      description =
          "the worker's jar, started as a process for the memory figures (default"
              + " target/ddb-stream-worker.jar; memory is left out when it is missing)")
  Path workerJar;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "show this help and exit")
  boolean help;

  @Spec CommandSpec spec;

  /** Runs the benchmark and exits with its code: 0, 1 when it failed, 2 for unusable options. */
  public static void main(String[] args) {
    routeJavaUtilLogging();
    System.exit(commandLine().execute(args));
  }

  /**
   * The adapter logs through java.util.logging; routed to SLF4J, its lines obey the levels the
   * benchmarks set.
   */
  static void routeJavaUtilLogging() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  /** The command with its own options and a flag for each worker setting it reads. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new BenchCommand());
    SettingFlags.addFlags(commandLine.getCommandSpec(), BenchWorkers.SETTINGS_READ);
    return commandLine;
  }

  @Override
  public Integer call() throws Exception {
    BenchPlan plan;
    WorkerBenchmark benchmark;
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
      benchmark = new WorkerBenchmark(workerSettings(System::getenv), plan, System.out);
    } catch (IllegalArgumentException | InvalidSettingsException e) {
      return refuse(e.getMessage());
    }
    if (workerJar != null && !Files.isRegularFile(workerJar)) {
      return refuse("no worker jar at " + workerJar);
    }
    Path jar = workerJar != null ? workerJar : DEFAULT_WORKER_JAR;
    quietLogs();
    Path folder =
        out != null
            ? out
            : Path.of(
                "bench-results",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Path written =
        benchmark.run(folder, Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty());
    System.out.println();
    System.out.println("CSV and plots: " + written.toAbsolutePath());
    return ExitCode.OK;
  }

  private int refuse(String reason) {
    spec.commandLine().getErr().println("bench: " + reason);
    spec.commandLine().getErr().flush();
    return ExitCode.BAD_SETTINGS;
  }

  /** The worker settings the benchmark reads: each flag, else its environment variable. */
  private Map<String, String> workerSettings(Function<String, String> environment) {
    Function<String, String> lookup =
        SettingFlags.over(spec, BenchWorkers.SETTINGS_READ, environment);
    Map<String, String> values = new HashMap<>();
    for (Setting<?> setting : BenchWorkers.SETTINGS_READ) {
      String value = lookup.apply(setting.env());
      if (value != null) {
        values.put(setting.env(), value);
      }
    }
    return values;
  }

  /** Only errors, so the figures stand alone on stdout. */
  static void quietLogs() {
    LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
    logs.getLoggerList().stream()
        .filter(logger -> logger.getLevel() != null)
        .forEach(logger -> logger.setLevel(Level.ERROR));
  }
}
