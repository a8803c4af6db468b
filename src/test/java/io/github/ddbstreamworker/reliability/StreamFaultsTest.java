package io.github.ddbstreamworker.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.simulator.SimulatorOptions;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.github.ddbstreamworker.simulator.StreamSpec;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The stream pushing back, on the stream simulator: throttled reads, server errors and an outage of
 * the DynamoDB Streams endpoint. The worker loses nothing, repeats nothing and keeps the order.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class StreamFaultsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private StreamSimulator simulator;
  private SimulatedStream stream;

  @BeforeEach
  void start() {
    // AWS's GetRecords limit per shard (API reference, LimitExceededException), as the default.
    simulator = StreamSimulator.start(SimulatorOptions.defaults());
    stream =
        simulator.createStream(
            StreamSpec.of(
                MotoDynamoDb.uniqueName("faults"), "id", StreamViewType.NEW_AND_OLD_IMAGES));
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  @Test
  void throttledReadsLoseAndRepeatNothing() {
    write(0, 300);
    // Small pages, polled every 10 ms: far more than five GetRecords a second.
    Map<String, String> eager = Map.of("POLL_INTERVAL_MS", "10", "MAX_RECORDS", "20");
    try (RunningWorker worker =
        RunningWorker.onSimulatedStream(simulator, stream.streamArn(), "throttled", eager)) {
      List<String> ids = idsOf(worker, 300);

      assertThat(ids).containsExactlyElementsOf(expectedIds(0, 300));
      assertThat(simulator.answers().of("GetRecords", "LimitExceededException")).isPositive();
    }
  }

  @Test
  void serverErrorsAndAnOutageLoseAndRepeatNothing() {
    try (RunningWorker worker =
        RunningWorker.onSimulatedStream(simulator, stream.streamArn(), "faulted", Map.of())) {
      write(0, 50);
      worker.sink().awaitItems(50, TIMEOUT);
      simulator.faults().errorShare(0.3);
      write(50, 150);
      worker.sink().awaitItems(150, TIMEOUT);
      simulator.faults().clear().outage(Duration.ofSeconds(5));
      write(150, 200);

      List<String> ids = idsOf(worker, 200);

      assertThat(ids).containsExactlyElementsOf(expectedIds(0, 200));
      assertThat(simulator.answers().of("GetRecords", "InternalServerError")).isPositive();
    }
  }

  private void write(int from, int to) {
    IntStream.range(from, to)
        .forEach(
            i ->
                stream.insert(
                    Map.of(
                        "id", AttributeValue.fromS(id(i)), "value", AttributeValue.fromN("" + i))));
  }

  /** The ids logged once {@code count} lines came, and a moment later, to catch any repeat. */
  private static List<String> idsOf(RunningWorker worker, int count) {
    worker.sink().awaitItems(count, TIMEOUT);
    try {
      Thread.sleep(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return worker.sink().items().stream().map(line -> line.get("keys").get("id").asText()).toList();
  }

  private static List<String> expectedIds(int from, int to) {
    return IntStream.range(from, to).mapToObj(StreamFaultsTest::id).toList();
  }

  private static String id(int i) {
    return String.format("item-%04d", i);
  }
}
