package io.github.ddbstreamworker.cli;

import io.github.ddbstreamworker.simulator.LoadSpec;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.simulator.SimulatorOptions;
import io.github.ddbstreamworker.simulator.SteadyLoad;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.github.ddbstreamworker.simulator.StreamSpec;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** {@code simulate}: a DynamoDB Streams endpoint with one stream and a steady write load. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a simulated DynamoDB Streams endpoint on 127.0.0.1 with one table's stream, written",
      "at --rate records a second into every open shard. Shards roll over, records age out and",
      "iterators expire as in AWS, on the periods given. Prints the endpoint and stream ARN;",
      "Ctrl-C or SIGTERM stops."
    })
final class SimulateCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(SimulateCommand.class);

  @Option(
      names = "--port",
      defaultValue = "8001",
      description = "port on 127.0.0.1; 0 picks a free one (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--table",
      defaultValue = "demo-items",
      description = "table name in the stream ARN (default ${DEFAULT-VALUE})")
  String table;

  @Option(
      names = "--hash-key",
      defaultValue = "id",
      description = "the table's hash key attribute (default ${DEFAULT-VALUE})")
  String hashKey;

  @Option(
      names = "--view-type",
      defaultValue = "NEW_AND_OLD_IMAGES",
      description =
          "KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES (default ${DEFAULT-VALUE})")
  StreamViewType viewType;

  @Option(
      names = "--shards",
      defaultValue = "1",
      description = "open shards at the start (default ${DEFAULT-VALUE})")
  int shards;

  @Option(
      names = "--rate",
      defaultValue = "1",
      description =
          "records written a second into each open shard; 0 writes none (default ${DEFAULT-VALUE})")
  double rate;

  @Option(
      names = "--item-bytes",
      defaultValue = "200",
      description = "approximate size of each written item (default ${DEFAULT-VALUE})")
  int itemBytes;

  @Option(
      names = "--event-mix",
      split = ",",
      defaultValue = "1,0,0",
      paramLabel = "INSERT,MODIFY,REMOVE",
      description = "relative weights of the written events (default ${DEFAULT-VALUE})")
  List<Double> eventMix;

  @Option(
      names = "--rollover-period",
      defaultValue = "4h",
      converter = DurationConverter.class,
      description =
          "how long a shard stays open before a child replaces it; 0 never (default ${DEFAULT-VALUE})")
  Duration rolloverPeriod;

  @Option(
      names = "--retention",
      defaultValue = "24h",
      converter = DurationConverter.class,
      description = "how long records stay readable (default ${DEFAULT-VALUE})")
  Duration retention;

  @Option(
      names = "--iterator-lifetime",
      defaultValue = "15m",
      converter = DurationConverter.class,
      description = "how long a shard iterator stays usable (default ${DEFAULT-VALUE})")
  Duration iteratorLifetime;

  @Option(
      names = "--getrecords-limit",
      defaultValue = "5",
      description =
          "GetRecords calls a second one shard answers; 0 no limit (default ${DEFAULT-VALUE})")
  int getRecordsLimit;

  @Option(
      names = "--region",
      defaultValue = "us-east-1",
      description = "region in the stream ARN and records (default ${DEFAULT-VALUE})")
  String region;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    List<String> problems = new ArrayList<>();
    SimulatorOptions options = check(problems, this::simulatorOptions);
    StreamSpec stream = check(problems, this::streamSpec);
    LoadSpec load = rate == 0 ? null : check(problems, this::loadSpec);
    if (!problems.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      problems.forEach(problem -> err.println("simulate: " + problem));
      err.flush();
      return ExitCode.BAD_SETTINGS;
    }
    StreamSimulator simulator;
    try {
      simulator = StreamSimulator.start(options);
    } catch (UncheckedIOException e) {
      log.error("cannot start: {}: {}", e.getMessage(), e.getCause().getMessage());
      return ExitCode.FAILED;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    TerminationSignals.onTermination(stopped::countDown);
    try (simulator) {
      SimulatedStream created = simulator.createStream(stream);
      printBanner(simulator, created);
      try (SteadyLoad writes = load == null ? null : created.steadyLoad(load)) {
        stopped.await();
        log.info("stopping: {} records written", writes == null ? 0 : writes.written());
      }
    }
    return ExitCode.OK;
  }

  private SimulatorOptions simulatorOptions(List<String> problems) {
    if (port < 0 || port > 65_535) {
      problems.add("--port must be 0-65535, not " + port);
    }
    if (retention.isZero() || retention.isNegative()) {
      problems.add("--retention must be positive, not " + retention);
    }
    if (rolloverPeriod.isNegative()) {
      problems.add("--rollover-period must be 0 (never) or positive, not " + rolloverPeriod);
    }
    if (iteratorLifetime.isZero() || iteratorLifetime.isNegative()) {
      problems.add("--iterator-lifetime must be positive, not " + iteratorLifetime);
    }
    if (getRecordsLimit < 0) {
      problems.add("--getrecords-limit must be 0 (no limit) or more, not " + getRecordsLimit);
    }
    if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
      problems.add("--region must look like us-east-1, not " + region);
    }
    return SimulatorOptions.defaults()
        .withPort(port)
        .withRetention(retention)
        .withRolloverPeriod(rolloverPeriod)
        .withIteratorLifetime(iteratorLifetime)
        .withGetRecordsLimitPerShard(getRecordsLimit)
        .withRegion(region);
  }

  private StreamSpec streamSpec(List<String> problems) {
    if (!table.matches("[a-zA-Z0-9_.-]{3,255}")) {
      problems.add(
          "--table must be 3-255 characters of a-z, A-Z, 0-9, '_', '-', '.', not " + table);
    }
    if (hashKey.isEmpty()) {
      problems.add("--hash-key must not be empty");
    }
    if (viewType == StreamViewType.UNKNOWN_TO_SDK_VERSION) {
      problems.add("--view-type must be KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES");
    }
    if (shards < 1 || shards > StreamSpec.MAX_SHARDS) {
      problems.add("--shards must be 1-" + StreamSpec.MAX_SHARDS + ", not " + shards);
    }
    return StreamSpec.of(table, hashKey, viewType).withShards(shards);
  }

  private LoadSpec loadSpec(List<String> problems) {
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      problems.add("--rate must be 0 or more records a second, not " + rate);
    }
    if (itemBytes < 0 || itemBytes > 400 * 1024) {
      problems.add("--item-bytes must be 0-409600, not " + itemBytes);
    }
    if (eventMix.size() != 3
        || eventMix.stream().anyMatch(weight -> !(weight >= 0))
        || eventMix.stream().mapToDouble(Double::doubleValue).sum() <= 0) {
      problems.add(
          "--event-mix must be three weights, INSERT,MODIFY,REMOVE, none negative, e.g. 6,3,1; not "
              + eventMix);
    }
    return LoadSpec.perShard(rate)
        .withItemBytes(itemBytes)
        .withEventMix(eventMix.get(0), eventMix.get(1), eventMix.get(2));
  }

  /**
   * Runs one group of checks; the value is built only when they all pass, so every bad option is
   * reported at once by name before anything starts.
   */
  private static <T> T check(List<String> problems, Function<List<String>, T> build) {
    List<String> found = new ArrayList<>();
    try {
      T value = build.apply(found);
      if (found.isEmpty()) {
        return value;
      }
    } catch (RuntimeException e) {
      if (found.isEmpty()) {
        found.add(e.getMessage());
      }
    }
    problems.addAll(found);
    return null;
  }

  private void printBanner(StreamSimulator simulator, SimulatedStream stream) {
    String endpoint = simulator.endpoint().toString();
    PrintWriter out = spec.commandLine().getOut();
    out.println("DynamoDB Streams simulator: " + endpoint);
    out.println("stream: " + stream.streamArn());
    out.printf(
        "  table %s (hash key %s), %d shard%s, %s, %s records a second per shard%n",
        stream.tableName(), hashKey, shards, shards == 1 ? "" : "s", viewType, rate);
    out.println(
        "read it: AWS_ACCESS_KEY_ID=any AWS_SECRET_ACCESS_KEY=any AWS_DEFAULT_REGION="
            + region
            + " aws dynamodbstreams describe-stream --endpoint-url "
            + endpoint
            + " --stream-arn "
            + stream.streamArn());
    out.println(
        "worker: AWS_ENDPOINT_URL_DYNAMODB_STREAMS="
            + endpoint
            + " STREAM_ARN="
            + stream.streamArn()
            + " (its lease table still needs DynamoDB, e.g. moto_server via AWS_ENDPOINT_URL_DYNAMODB)");
    out.println("Ctrl-C or SIGTERM stops.");
    out.flush();
  }
}
