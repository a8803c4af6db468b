package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How a fleet of workers shares the shards of one stream as workers join, stop and crash: the
 * {@code fleet} command of the {@code scale} benchmark (docs/scaling.md, "A fleet that
 * rebalances").
 */
@Command(
    name = "fleet",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Start worker processes sized like the default task one by one on a simulated stream under"
          + " steady writes, then stop one with SIGTERM and kill one with SIGKILL; after each step,"
          + " time until the shards are settled among the live workers (lease table on a"
          + " moto_server child process; moto_server must be on the PATH). Prints a markdown table"
          + " and writes fleet-steps.csv, fleet-leases.csv and fleet-leases.png into --out."
    })
public final class FleetCommand implements Callable<Integer> {

  @Option(
      names = "--shards",
      defaultValue = "32",
      description = "open shards of the stream (default ${DEFAULT-VALUE})")
  int shards;

  @Option(
      names = "--workers",
      defaultValue = "4",
      description =
          "workers started one by one, 3 or more: the second is then stopped, the first killed"
              + " (default ${DEFAULT-VALUE})")
  int workers;

  @Option(
      names = "--rate",
      defaultValue = "1",
      description = "records a second written into each shard (default ${DEFAULT-VALUE})")
  int rate;

  @Option(
      names = "--cpus",
      defaultValue = "0",
      description =
          "caps each worker's CPU time at this many cores (0.5 for the default task); needs a"
              + " writable cgroup v1 cpu controller at /sys/fs/cgroup/cpu. 0, the default, leaves"
              + " them uncapped")
  double cpus;

  @Option(
      names = "--stable",
      defaultValue = "15s",
      converter = QuietLogCommand.DurationOption.class,
      description =
          "how long the largest and the smallest share must stay unchanged, every lease held by"
              + " a live worker and each holding one, for a step to count as settled (default"
              + " ${DEFAULT-VALUE})")
  Duration stable;

  @Option(
      names = "--step-limit",
      defaultValue = "120s",
      converter = QuietLogCommand.DurationOption.class,
      description =
          "the longest a step may take to settle before the next begins (default"
              + " ${DEFAULT-VALUE})")
  Duration stepLimit;

  @Option(
      names = "--grace",
      defaultValue = "60s",
      converter = QuietLogCommand.DurationOption.class,
      description =
          "how long after the last write its line may still arrive (default ${DEFAULT-VALUE})")
  Duration grace;

  @Option(
      names = "--worker-logback",
      paramLabel = "FILE",
      description =
          "a logback configuration for the workers, to see the KCL's own lines (its lease"
              + " assignments, say)")
  Path workerLogback;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "folder for the CSV, plot and worker logs (default bench-results/fleet-<time>)")
  Path out;

  @Option(
      names = "--worker-jar",
      paramLabel = "JAR",
      defaultValue = "target/ddb-stream-worker.jar",
      description = "the worker's jar, from ./mvnw package (default ${DEFAULT-VALUE})")
  Path workerJar;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    validate();
    BenchCommand.quietLogs();
    Path folder =
        out != null
            ? out
            : Path.of(
                "bench-results",
                "fleet-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(folder);
    Map<String, String> workerSettings =
        workerLogback == null
            ? Map.of()
            : Map.of(
                "JAVA_TOOL_OPTIONS",
                "-Dlogback.configurationFile=" + workerLogback.toAbsolutePath());
    FleetRun.Plan plan =
        new FleetRun.Plan(shards, workers, rate, cpus, stable, stepLimit, grace, workerSettings);
    System.out.printf(
        "%s, %d shards, %d record(s)/s per shard, %d workers, worker CPU cap %s, stable %s,"
            + " %d processors, load average %s%n",
        Instant.now(),
        shards,
        rate,
        workers,
        cpus > 0 ? cpus + " cores each" : "none",
        stable,
        Runtime.getRuntime().availableProcessors(),
        ScaleRun.loadAverage());
    try (BenchEndpoints endpoints = BenchEndpoints.start();
        AwsClients clients = new AwsClients(endpoints.connection())) {
      FleetRun.Outcome outcome = new FleetRun(endpoints, clients, workerJar, plan, folder).run();
      new FleetOutput(folder, System.out).write(plan, outcome);
    }
    System.out.printf(
        "%s, load average %s%nCSV, plot and worker logs: %s%n",
        Instant.now(), ScaleRun.loadAverage(), folder.toAbsolutePath());
    return ExitCode.OK;
  }

  private void validate() {
    if (shards < 1 || shards > 1000) {
      throw invalid("--shards: must be 1 to 1000, not " + shards);
    }
    if (workers < 3 || workers > 10) {
      throw invalid("--workers: must be 3 to 10, not " + workers);
    }
    if (rate < 1 || rate > 100) {
      throw invalid("--rate: records a second per shard must be 1 to 100, not " + rate);
    }
    if (cpus < 0 || cpus > Runtime.getRuntime().availableProcessors()) {
      throw invalid("--cpus: must be 0 (no cap) to this machine's cores, not " + cpus);
    }
    if (cpus > 0) {
      try (CpuCap trial = CpuCap.create(ScaleRun.capName(0), cpus)) {
        // Made and removed: the machine lets the benchmark cap the workers.
      } catch (IOException e) {
        throw invalid("--cpus: cannot make a cgroup to cap the workers' CPU: " + e);
      }
    }
    for (Duration value : new Duration[] {stable, stepLimit, grace}) {
      if (value.isNegative() || value.isZero()) {
        throw invalid("durations must be above zero, not " + value);
      }
    }
    if (!Files.isRegularFile(workerJar)) {
      throw invalid(
          "--worker-jar: no worker jar at " + workerJar + "; build it with ./mvnw package");
    }
  }

  private CommandLine.ParameterException invalid(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
