package io.github.ddbstreamworker.bench;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.local.MotoServerProcess;
import io.github.ddbstreamworker.testsupport.CapturedLog;
import io.github.ddbstreamworker.testsupport.HealthyStreamRun;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How loud the worker is on a healthy stream: one worker on a simulated stream with many shards,
 * rollovers and splits under steady load, its lease tables on a moto_server child process, for a
 * while (ten minutes by default). Prints the ERROR and WARN lines by cause, the shard listings a
 * minute, and the records lost and repeated. Run by the Maven profile {@code quietlog}
 * (docs/reliability.md, "A quiet log").
 */
@Command(
    name = "quietlog",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Run one worker on a healthy simulated stream and count what it logs (moto_server must be"
          + " on the PATH)."
    })
public final class QuietLogCommand implements Callable<Integer> {

  @Option(
      names = "--duration",
      defaultValue = "10m",
      converter = DurationOption.class,
      description = "how long the load runs: 10m, 90s, PT10M (default ${DEFAULT-VALUE})")
  Duration duration;

  @Option(
      names = "--shards",
      defaultValue = "16",
      description = "open shards (default ${DEFAULT-VALUE})")
  int shards;

  @Option(
      names = "--rate",
      defaultValue = "5",
      description = "records a second into each open shard (default ${DEFAULT-VALUE})")
  double rate;

  @Option(
      names = "--rollover-period",
      defaultValue = "4m",
      converter = DurationOption.class,
      description =
          "every shard closes after this and a child replaces it (default ${DEFAULT-VALUE})")
  Duration rolloverPeriod;

  @Option(
      names = "--split-every",
      defaultValue = "3m",
      converter = DurationOption.class,
      description = "an open shard splits in two this often (default ${DEFAULT-VALUE})")
  Duration splitEvery;

  @Option(
      names = "--log",
      defaultValue = "target/quietlog/worker.log",
      description = "every line the worker logged, one a line (default ${DEFAULT-VALUE})")
  Path logFile;

  public static void main(String[] args) {
    BenchCommand.routeJavaUtilLogging();
    System.exit(new CommandLine(new QuietLogCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    HealthyStreamRun.Shape shape =
        new HealthyStreamRun.Shape(shards, rate, rolloverPeriod, splitEvery);
    System.out.printf(
        "%d shards, %s records/s each, rollover every %s, a split every %s, for %s%n",
        shards, rate, rolloverPeriod, splitEvery, duration);
    try (MotoServerProcess moto = MotoServerProcess.start(0, Duration.ofSeconds(60));
        PrintWriter file =
            new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8));
        CapturedLog log = CapturedLog.start(event -> write(file, event));
        HealthyStreamRun run =
            HealthyStreamRun.start(
                shape,
                "quietlog-" + System.currentTimeMillis(),
                log,
                streams ->
                    new AwsClients(
                        AwsConnection.local(moto.endpoint()).withStreamsEndpoint(streams)))) {
      run.runFor(duration, System.out::println);
      print(run.finish());
    }
    System.out.println("every line the worker logged: " + logFile);
    return 0;
  }

  private static synchronized void write(PrintWriter file, ILoggingEvent event) {
    file.printf(
        "%s %s %s %s%n",
        Instant.ofEpochMilli(event.getTimeStamp()),
        event.getLevel(),
        event.getLoggerName(),
        event.getFormattedMessage());
    file.flush();
  }

  private static void print(HealthyStreamRun.Report report) {
    System.out.printf(
        "%nran %s: shards %d at the start, %d in all by the end (%d splits and the rollovers)%n",
        report.ran(), report.shardsAtStart(), report.shardsAtEnd(), report.splits());
    System.out.printf(
        "records written %d, lines logged %d, lost %d, repeated %d%n",
        report.written(), report.lines(), report.lost(), report.repeated());
    System.out.printf(
        "shard listings (whole-stream DescribeStream pages) per minute: %s%n",
        report.listingsPerMinute());
    System.out.printf(
        "child-shard queries (DescribeStream with ShardFilter) per minute: %s%n",
        report.childShardQueriesPerMinute());
    System.out.printf("\"Incomplete hash range\" lines: %d%n", report.incompleteHashRangeLines());
    printCauses("ERROR", report.errors());
    printCauses("WARN", report.warnings());
  }

  private static void printCauses(String level, Map<CapturedLog.Cause, Integer> causes) {
    System.out.printf(
        "%s lines: %d%n", level, causes.values().stream().mapToInt(Integer::intValue).sum());
    causes.forEach((cause, count) -> System.out.printf("  %5d  %s%n", count, cause));
  }

  /** Durations as {@code 10m}, {@code 90s}, {@code 500ms} or ISO-8601. */
  static final class DurationOption implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String text = value.trim().toLowerCase();
      try {
        if (text.startsWith("p")) {
          return Duration.parse(text.toUpperCase());
        }
        if (text.endsWith("ms")) {
          return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          case 'h' -> Duration.ofHours(amount);
          default -> throw new CommandLine.TypeConversionException("");
        };
      } catch (RuntimeException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration: give 10m, 90s, 500ms or PT10M");
      }
    }
  }
}
