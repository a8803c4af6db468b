package io.github.ddbstreamworker.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.app.WorkerAssembly;
import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.config.Settings;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.simulator.SimulatorOptions;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.github.ddbstreamworker.simulator.StreamSpec;
import io.github.ddbstreamworker.testsupport.CapturedLog;
import io.github.ddbstreamworker.testsupport.FaultyDynamoDbProxy;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Throttling and server errors on both sides at once: GetRecords over the shard's rate and
 * DescribeStream refused with LimitExceededException on the stream simulator, and the lease table
 * answering ProvisionedThroughputExceededException and HTTP 500 through a proxy in front of
 * moto_server. The worker backs off, logs each cause at most once a minute, and loses nothing.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class ThrottlingLogTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** Faults stay on at least this long, and until every injected cause has been answered. */
  private static final Duration FAULTS_AT_LEAST = Duration.ofSeconds(10);

  private static final Duration FAULTS_AT_MOST = Duration.ofSeconds(60);
  private static final Set<String> UPSTREAM =
      Set.of(
          "software.amazon.kinesis", "com.amazonaws.services.dynamodbv2", "software.amazon.awssdk");
  private static final Pattern SHARD_ID = Pattern.compile("shardId-[0-9]+-[0-9a-f]+");
  private static final Pattern NUMBER = Pattern.compile("[0-9]+");

  @Test
  void throttlingAndServerErrorsAreLoggedOnceAMinutePerCauseAndLoseNothing() throws Exception {
    String name = MotoDynamoDb.uniqueName("throttled");
    RecordingSink sink = new RecordingSink();
    try (CapturedLog log = CapturedLog.start();
        StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        FaultyDynamoDbProxy leaseTable = FaultyDynamoDbProxy.to(MotoDynamoDb.endpoint());
        AwsClients clients =
            new AwsClients(
                AwsConnection.local(leaseTable.endpoint())
                    .withStreamsEndpoint(simulator.endpoint()))) {
      SimulatedStream stream =
          simulator.createStream(
              StreamSpec.of(name, "id", StreamViewType.NEW_AND_OLD_IMAGES).withShards(2));
      Map<String, String> settings = new HashMap<>();
      settings.put("STREAM_ARN", stream.streamArn());
      settings.put("APPLICATION_NAME", name);
      settings.put("WORKER_ID", name + "-worker");
      // Small pages polled every 10 ms: far over the simulator's five GetRecords a second.
      settings.put("POLL_INTERVAL_MS", "10");
      settings.put("MAX_RECORDS", "20");
      try (WorkerAssembly worker =
          WorkerAssembly.of(Settings.from(settings::get), clients).sink(sink).start()) {
        write(stream, 0, 100);
        sink.awaitItems(100, TIMEOUT);

        simulator.faults().limitExceeded("DescribeStream", 0.9).errorShare(0.1);
        leaseTable.throttle(0.6).failWithServerErrors(0.2);
        long faultsStart = System.nanoTime();
        int written = 100;
        stream.split(stream.shards().get(0).shardId());
        while (faultsGoOn(faultsStart, simulator, leaseTable)) {
          write(stream, written, written + 10);
          written += 10;
          Thread.sleep(500);
        }
        simulator.faults().clear();
        leaseTable.clear();
        write(stream, written, written + 50);
        written += 50;

        Set<String> expected =
            IntStream.range(0, written).mapToObj(ThrottlingLogTest::id).collect(Collectors.toSet());
        awaitAllLogged(sink, expected);

        assertThat(loggedIds(sink)).containsAll(expected);
        assertThat(leaseTable.answered(FaultyDynamoDbProxy.THROTTLED)).isPositive();
        assertThat(leaseTable.answered(FaultyDynamoDbProxy.SERVER_ERROR)).isPositive();
        assertThat(simulator.answers().of("GetRecords", "LimitExceededException")).isPositive();
        assertThat(simulator.answers().of("DescribeStream", "LimitExceededException")).isPositive();
      }
      assertOnceAMinutePerUpstreamCause(log);
    }
  }

  private static void assertOnceAMinutePerUpstreamCause(CapturedLog log) {
    Map<String, List<Long>> times = new HashMap<>();
    for (CapturedLog.Line line : log.lines()) {
      String logger = line.cause().logger();
      boolean upstream = UPSTREAM.stream().anyMatch(logger::startsWith);
      if (upstream && line.cause().level().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)) {
        String cause =
            logger
                + ": "
                + NUMBER
                    .matcher(SHARD_ID.matcher(line.cause().template()).replaceAll(""))
                    .replaceAll("#");
        times.computeIfAbsent(cause, unused -> new ArrayList<>()).add(line.epochMillis());
      }
    }
    times.forEach(
        (cause, at) -> {
          for (int i = 1; i < at.size(); i++) {
            assertThat(at.get(i) - at.get(i - 1))
                .as("lines of '%s' %d ms apart", cause, at.get(i) - at.get(i - 1))
                .isGreaterThanOrEqualTo(59_000);
          }
        });
  }

  private static boolean faultsGoOn(
      long faultsStart, StreamSimulator simulator, FaultyDynamoDbProxy leaseTable) {
    Duration on = Duration.ofNanos(System.nanoTime() - faultsStart);
    boolean everyCauseAnswered =
        leaseTable.answered(FaultyDynamoDbProxy.THROTTLED) > 0
            && leaseTable.answered(FaultyDynamoDbProxy.SERVER_ERROR) > 0
            && simulator.answers().of("GetRecords", "LimitExceededException") > 0
            && simulator.answers().of("DescribeStream", "LimitExceededException") > 0;
    return on.compareTo(FAULTS_AT_MOST) < 0
        && (on.compareTo(FAULTS_AT_LEAST) < 0 || !everyCauseAnswered);
  }

  private static void awaitAllLogged(RecordingSink sink, Set<String> expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!loggedIds(sink).containsAll(expected) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  private static Set<String> loggedIds(RecordingSink sink) {
    return sink.items().stream()
        .map(line -> line.get("keys").get("id").asText())
        .collect(Collectors.toSet());
  }

  private static void write(SimulatedStream stream, int from, int to) {
    IntStream.range(from, to)
        .forEach(i -> stream.insert(Map.of("id", AttributeValue.fromS(id(i)))));
  }

  private static String id(int i) {
    return String.format("item-%05d", i);
  }
}
