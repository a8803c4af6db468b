package io.github.ddbstreamworker.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.core.ItemSink;
import io.github.ddbstreamworker.core.StdoutSink;
import io.github.ddbstreamworker.core.failure.LogOnlyDestination;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** Checkpoints and leases in the lease table, shared by workers with one application name. */
@ExtendWith(MotoDynamoDbExtension.class)
class CheckpointAndLeaseTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void resumesAfterTheLastCheckpointWithoutLoggingCheckpointedItemsAgain() {
    String table = MotoDynamoDb.newTable("restart", StreamViewType.NEW_AND_OLD_IMAGES);
    writeItems(table, "first", 5);
    try (RunningWorker first = RunningWorker.start(table, "restart-worker-1")) {
      first.sink().awaitItems(5, TIMEOUT);
    }
    writeItems(table, "second", 5);

    try (RunningWorker second = RunningWorker.start(table, "restart-worker-2")) {
      List<JsonNode> lines = second.sink().awaitItems(5, TIMEOUT);
      pause(Duration.ofSeconds(2));

      assertThat(second.sink().items())
          .hasSize(5)
          .allSatisfy(
              line -> assertThat(line.get("item").get("value").asText()).isEqualTo("second"));
      assertThat(lines).isNotEmpty();
    }
  }

  @Test
  void twoWorkersNeverProcessTheShardAtOnceAndTheOtherTakesOverWhenTheHolderStops() {
    String table = MotoDynamoDb.newTable("takeover", StreamViewType.NEW_AND_OLD_IMAGES);
    try (RunningWorker one = RunningWorker.start(table, "takeover-one");
        RunningWorker two = RunningWorker.start(table, "takeover-two")) {
      writeItems(table, "before", 10);
      Awaitility.await().atMost(TIMEOUT).until(() -> total(one, two) >= 10);
      pause(Duration.ofSeconds(2));
      RunningWorker holder = one.sink().lines().isEmpty() ? two : one;
      RunningWorker other = holder == one ? two : one;
      assertThat(holder.sink().lines()).hasSize(10);
      assertThat(other.sink().lines()).isEmpty();
      assertThat(other.worker().readiness().ok()).as("ready with no lease left to take").isTrue();

      holder.close();
      long stopped = System.nanoTime();
      writeItems(table, "after", 10);
      other.sink().awaitItems(10, TIMEOUT);
      Duration takeover = Duration.ofNanos(System.nanoTime() - stopped);

      assertThat(other.sink().items())
          .allSatisfy(
              line -> assertThat(line.get("item").get("value").asText()).isEqualTo("after"));
      assertThat(lastSequence(holder)).isLessThan(firstSequence(other));
      System.out.printf("{\"type\":\"measurement\",\"takeoverMillis\":%d}%n", takeover.toMillis());
    }
  }

  @Test
  void checkpointsOnlyRecordsWhoseLinesAreAlreadyOnStdout() {
    String table = MotoDynamoDb.newTable("flushed", StreamViewType.NEW_AND_OLD_IMAGES);
    writeItems(table, "batched", 30);
    CheckpointCheckingSink sink = new CheckpointCheckingSink(table);

    try (RunningWorker worker =
        RunningWorker.start(
            table,
            "flushed-worker",
            Map.of("MAX_RECORDS", "5"),
            new SimpleMeterRegistry(),
            new LogOnlyDestination(),
            recording -> sink)) {
      Awaitility.await()
          .atMost(TIMEOUT)
          .until(() -> sink.checkedCheckpoints().size() >= 6 && sink.onStdout().size() == 30);
    }

    assertThat(sink.checkpointsAhead()).isEmpty();
  }

  /**
   * The worker's stdout sink, on a stream the test reads; before each flush, so before the batch is
   * checkpointed, it checks that the lease table's checkpoint names a record already written.
   */
  private static final class CheckpointCheckingSink implements ItemSink {

    private final String table;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final StdoutSink sink =
        new StdoutSink(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    private final List<String> checked = new CopyOnWriteArrayList<>();
    private final List<String> ahead = new CopyOnWriteArrayList<>();

    CheckpointCheckingSink(String table) {
      this.table = table;
    }

    @Override
    public void accept(String line) {
      sink.accept(line);
    }

    @Override
    public void flush() {
      String checkpoint = CheckpointIntervalTest.checkpoint(table);
      if (checkpoint.chars().allMatch(Character::isDigit)) {
        checked.add(checkpoint);
        if (!onStdout().contains(checkpoint)) {
          ahead.add(checkpoint);
        }
      }
      sink.flush();
    }

    /** The sequence numbers of the item lines written so far. */
    List<String> onStdout() {
      return stdout
          .toString(StandardCharsets.UTF_8)
          .lines()
          .map(line -> RecordingSink.parse(line).get("sequenceNumber").asText())
          .toList();
    }

    List<String> checkedCheckpoints() {
      return List.copyOf(checked);
    }

    List<String> checkpointsAhead() {
      return List.copyOf(ahead);
    }
  }

  private static int total(RunningWorker one, RunningWorker two) {
    return one.sink().lines().size() + two.sink().lines().size();
  }

  private static BigInteger firstSequence(RunningWorker worker) {
    return new BigInteger(worker.sink().items().get(0).get("sequenceNumber").asText());
  }

  private static BigInteger lastSequence(RunningWorker worker) {
    List<JsonNode> items = worker.sink().items();
    return new BigInteger(items.get(items.size() - 1).get("sequenceNumber").asText());
  }

  static void writeItems(String table, String value, int count) {
    IntStream.range(0, count)
        .forEach(
            i ->
                MotoDynamoDb.put(
                    table,
                    Map.of(
                        "id", AttributeValue.fromS(value + "-" + i),
                        "value", AttributeValue.fromS(value))));
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
