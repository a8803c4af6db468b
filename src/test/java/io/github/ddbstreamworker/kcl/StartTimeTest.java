package io.github.ddbstreamworker.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.kcl.upstream.LeaseRow;
import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import io.github.ddbstreamworker.metrics.MeterNames;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.github.ddbstreamworker.simulator.StreamSpec;
import io.github.ddbstreamworker.simulator.WrittenRecord;
import io.github.ddbstreamworker.testsupport.CapturedLog;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.MovableClock;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * INITIAL_POSITION=AT_TIMESTAMP with the real KCL and adapter, on the stream simulator, whose clock
 * the test moves so that records are created an hour apart.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class StartTimeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final MovableClock clock = new MovableClock();
  private StreamSimulator simulator;
  private SimulatedStream stream;

  @BeforeEach
  void start() {
    simulator = clock.startSimulator();
    stream =
        simulator.createStream(
            StreamSpec.of(MotoDynamoDb.uniqueName("start"), "id", StreamViewType.NEW_IMAGE));
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void logsOnlyRecordsCreatedFromTheStartTimeAndCountsTheEarlierAsBeforeStart() {
    List<WrittenRecord> earlier = write(1, 5);
    clock.advance(Duration.ofHours(1));
    List<WrittenRecord> later = write(6, 10);
    Instant start = earlier.get(4).createdAt().plus(Duration.ofMinutes(30));

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (RunningWorker worker =
        RunningWorker.onSimulatedStream(
            simulator, stream.streamArn(), "start-worker", atTimestamp(start), meters)) {
      worker.sink().awaitItems(5, TIMEOUT);
      pause(Duration.ofSeconds(2));

      assertThat(ids(worker)).containsExactlyElementsOf(ids(6, 10));
      assertThat(worker.counts().get("INSERT", EventCounts.Outcome.BEFORE_START)).isEqualTo(5);
      assertThat(worker.counts().get("INSERT", EventCounts.Outcome.FILTERED)).isZero();
      FunctionCounter beforeStart =
          meters
              .find(MeterNames.RECORDS)
              .tag(MeterNames.TAG_EVENT_NAME, "INSERT")
              .tag(MeterNames.TAG_OUTCOME, "before_start")
              .functionCounter();
      assertThat(beforeStart).isNotNull();
      assertThat(beforeStart.count()).isEqualTo(5.0);
    }
    String shardId = later.get(0).shardId();
    assertThat(lease(shardId).checkpoint()).isEqualTo(later.get(4).sequenceNumber());
    assertThat(startTimeOnLease(shardId))
        .isEqualTo(start.truncatedTo(ChronoUnit.SECONDS).toString());
  }

  /**
   * A shard checkpointed while its records before the start were passed over keeps its start time
   * on its lease: a restart, here with a start time after every record, passes over the records
   * before the first start and no others, and reads nothing before its checkpoint again.
   */
  @Test
  void aRestartFromACheckpointAmongRecordsBeforeTheStartGoesOnLeavingThemOut() {
    write(1, 5);
    clock.advance(Duration.ofHours(1));
    List<WrittenRecord> second = write(6, 10);
    Instant start =
        second.get(4).createdAt().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    String shardId = second.get(0).shardId();

    try (RunningWorker first =
        RunningWorker.onSimulatedStream(
            simulator, stream.streamArn(), "start-worker-1", atTimestamp(start))) {
      Awaitility.await()
          .atMost(TIMEOUT)
          .until(() -> first.counts().get("INSERT", EventCounts.Outcome.BEFORE_START) == 10);
      assertThat(first.sink().items()).isEmpty();
    }
    assertThat(lease(shardId).checkpoint()).isEqualTo(second.get(4).sequenceNumber());

    write(11, 13);
    clock.advance(Duration.ofHours(2));
    write(14, 16);
    try (CapturedLog log = CapturedLog.start();
        RunningWorker restarted =
            RunningWorker.onSimulatedStream(
                simulator,
                stream.streamArn(),
                "start-worker-1",
                atTimestamp(start.plus(Duration.ofHours(2))))) {
      restarted.sink().awaitItems(3, TIMEOUT);
      pause(Duration.ofSeconds(2));

      assertThat(ids(restarted)).containsExactlyElementsOf(ids(14, 16));
      assertThat(restarted.counts().get("INSERT", EventCounts.Outcome.BEFORE_START))
          .as("only the records after the checkpoint are read, and those before the start passed")
          .isEqualTo(3);
      assertThat(log.containing("records created before " + start + " are still left out"))
          .hasSize(1);
      assertThat(log.containing("the lease table has checkpoints")).isEmpty();
    }
  }

  /** Like any initial position, the start time is for shards without a checkpoint. */
  @Test
  void aShardWithACheckpointContinuesFromItWhateverTheStartTimeAndTheLogSaysSo() {
    List<WrittenRecord> earlier = write(1, 3);
    try (RunningWorker first =
        RunningWorker.onSimulatedStream(simulator, stream.streamArn(), "start-worker", Map.of())) {
      first.sink().awaitItems(3, TIMEOUT);
    }
    write(4, 6);
    clock.advance(Duration.ofHours(1));
    write(7, 8);
    Instant start = earlier.get(2).createdAt().plus(Duration.ofMinutes(30));

    try (CapturedLog log = CapturedLog.start();
        RunningWorker restarted =
            RunningWorker.onSimulatedStream(
                simulator, stream.streamArn(), "start-worker", atTimestamp(start))) {
      restarted.sink().awaitItems(5, TIMEOUT);
      pause(Duration.ofSeconds(2));

      assertThat(ids(restarted)).containsExactlyElementsOf(ids(4, 8));
      assertThat(restarted.counts().get("INSERT", EventCounts.Outcome.BEFORE_START)).isZero();
      assertThat(log.containing("the lease table has checkpoints"))
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line.message())
                      .contains(start.truncatedTo(ChronoUnit.SECONDS).toString()));
    }
  }

  private static Map<String, String> atTimestamp(Instant start) {
    return Map.of("INITIAL_POSITION", "AT_TIMESTAMP", "INITIAL_TIMESTAMP", start.toString());
  }

  private List<WrittenRecord> write(int from, int to) {
    return IntStream.rangeClosed(from, to)
        .mapToObj(i -> stream.insert(Map.of("id", AttributeValue.fromS("item-" + i))))
        .toList();
  }

  private static List<String> ids(RunningWorker worker) {
    return worker.sink().items().stream().map(line -> line.get("keys").get("id").asText()).toList();
  }

  private static List<String> ids(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> "item-" + i).toList();
  }

  private LeaseRow lease(String shardId) {
    return LeaseRows.read(leaseItem(shardId));
  }

  private String startTimeOnLease(String shardId) {
    AttributeValue value = leaseItem(shardId).get(ShardStartTimes.ATTRIBUTE);
    return value == null ? null : value.s();
  }

  private Map<String, AttributeValue> leaseItem(String shardId) {
    return MotoDynamoDb.clients()
        .dynamoDb()
        .getItem(
            request ->
                request
                    .tableName("ddb-stream-worker-" + stream.tableName())
                    .key(LeaseRows.key(shardId))
                    .consistentRead(true))
        .item();
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
