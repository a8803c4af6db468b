package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How many shards one worker process sized like the default ECS task holds: for each shard count,
 * latency, GetRecords calls, checkpoints, CPU, threads and memory under steady writes, stopping at
 * the first count it does not keep up with. Run by the Maven profile {@code scale}
 * (docs/scaling.md); its subcommand {@code fleet} measures a fleet of workers instead.
 */
@Command(
    name = "scale",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    subcommands = FleetCommand.class,
    description = {
      "Run the worker's jar as one process sized like the default task ("
          + "-XX:MaxRAM=1g -XX:MaxRAMPercentage=75 -XX:ActiveProcessorCount=1) on a simulated"
          + " stream of each shard count, its lease table on a moto_server child process"
          + " (moto_server must be on the PATH). Prints a row per count and writes scale.csv,"
          + " scale-p99.png and scale-cpu.png into --out."
    })
public final class ScaleCommand implements Callable<Integer> {

  private static final int MAX_SHARDS = 10_000;

  @Option(
      names = "--shards",
      split = ",",
      defaultValue = "1,10,25,50,100,200",
      paramLabel = "N",
      description = "shard counts, in the order run (default ${DEFAULT-VALUE})")
  List<Integer> shards;

  @Option(
      names = "--rate",
      defaultValue = "1",
      description = "records a second written into each shard (default ${DEFAULT-VALUE})")
  int rate;

  @Option(
      names = "--cpus",
      defaultValue = "0",
      description =
          "caps the worker's CPU time at this many cores, as Fargate caps a task's (0.5 for the"
              + " default task); needs a writable cgroup v1 cpu controller at /sys/fs/cgroup/cpu."
              + " 0, the default, leaves it uncapped")
  double cpus;

  @Option(
      names = "--window",
      defaultValue = "45s",
      converter = QuietLogCommand.DurationOption.class,
      description = "the steady window measured at each count (default ${DEFAULT-VALUE})")
  Duration window;

  @Option(
      names = "--idle",
      defaultValue = "15s",
      converter = QuietLogCommand.DurationOption.class,
      description = "the idle window, no writes, after it (default ${DEFAULT-VALUE})")
  Duration idle;

  @Option(
      names = "--warm-up",
      defaultValue = "10s",
      converter = QuietLogCommand.DurationOption.class,
      description =
          "writes at the same rate once every lease is held, not measured (default"
              + " ${DEFAULT-VALUE})")
  Duration warmUp;

  @Option(
      names = "--grace",
      defaultValue = "30s",
      converter = QuietLogCommand.DurationOption.class,
      description =
          "how long after a window's writes their lines may still arrive (default"
              + " ${DEFAULT-VALUE})")
  Duration grace;

  @Option(
      names = "--max-p99",
      defaultValue = "5s",
      converter = QuietLogCommand.DurationOption.class,
      description =
          "a count whose p99 latency is above this, or that lost a line past --grace, is the"
              + " last one run (default ${DEFAULT-VALUE})")
  Duration maxP99;

  @Option(
      names = "--lease-wait",
      defaultValue = "5m",
      converter = QuietLogCommand.DurationOption.class,
      description =
          "how long the worker may take to hold every shard's lease (default ${DEFAULT-VALUE})")
  Duration leaseWait;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "folder for the CSV, plots and worker logs (default bench-results/scale-<time>)")
  Path out;

  @Option(
      names = "--worker-jar",
      paramLabel = "JAR",
      defaultValue = "target/ddb-stream-worker.jar",
      description = "the worker's jar, from ./mvnw package (default ${DEFAULT-VALUE})")
  Path workerJar;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    BenchCommand.routeJavaUtilLogging();
    System.exit(new CommandLine(new ScaleCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    validate();
    BenchCommand.quietLogs();
    Path folder =
        out != null
            ? out
            : Path.of(
                "bench-results",
                "scale-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(folder);
    ScaleRun.Plan plan = new ScaleRun.Plan(cpus, rate, warmUp, idle, window, grace, leaseWait);
    ScaleOutput output = new ScaleOutput(folder, System.out);
    System.out.printf(
        "%s, %d record(s)/s per shard, worker CPU cap %s, window %s, idle %s, %d processors,"
            + " load average %s%n",
        Instant.now(),
        rate,
        cpus > 0 ? cpus + " cores" : "none",
        window,
        idle,
        Runtime.getRuntime().availableProcessors(),
        ScaleRun.loadAverage());
    output.header();
    try (BenchEndpoints endpoints = BenchEndpoints.start()) {
      ScaleRun run = new ScaleRun(endpoints, workerJar, plan, folder);
      for (int count : shards) {
        ScaleRun.Figures figures;
        try {
          figures = run.measure(count);
        } catch (ScaleRun.LeasesNotTaken e) {
          System.out.printf("stopped at %d shards: %s%n", count, e.getMessage());
          break;
        }
        output.row(figures);
        if (!figures.allDelivered() || !(figures.p99() <= maxP99.toMillis())) {
          System.out.printf(
              "stopped at %d shards: it did not keep up (p99 above %s or lines later than %s)%n",
              count, maxP99, grace);
          break;
        }
      }
    }
    System.out.println("CSV, plots and worker logs: " + output.finish().toAbsolutePath());
    return ExitCode.OK;
  }

  private void validate() {
    if (shards.isEmpty() || shards.stream().anyMatch(n -> n < 1 || n > MAX_SHARDS)) {
      throw invalid("--shards: each count must be 1 to " + MAX_SHARDS + ", not " + shards);
    }
    if (rate < 1 || rate > 1000) {
      throw invalid("--rate: records a second per shard must be 1 to 1000, not " + rate);
    }
    requirePositive("--window", window);
    requirePositive("--idle", idle);
    requirePositive("--warm-up", warmUp);
    requirePositive("--grace", grace);
    requirePositive("--max-p99", maxP99);
    requirePositive("--lease-wait", leaseWait);
    if (cpus < 0 || cpus > Runtime.getRuntime().availableProcessors()) {
      throw invalid(
          "--cpus: must be 0 (no cap) to this machine's "
              + Runtime.getRuntime().availableProcessors()
              + " cores, not "
              + cpus);
    }
    if (cpus > 0) {
      try (CpuCap trial = CpuCap.create(ScaleRun.capName(0), cpus)) {
        // Made and removed: the machine lets the benchmark cap the worker.
      } catch (IOException e) {
        throw invalid("--cpus: cannot make a cgroup to cap the worker's CPU: " + e);
      }
    }
    if (!Files.isRegularFile(workerJar)) {
      throw invalid(
          "--worker-jar: no worker jar at " + workerJar + "; build it with ./mvnw package");
    }
  }

  private void requirePositive(String option, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw invalid(option + ": must be above zero, not " + value);
    }
  }

  private CommandLine.ParameterException invalid(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
