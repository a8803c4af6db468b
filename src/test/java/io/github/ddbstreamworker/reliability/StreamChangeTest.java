package io.github.ddbstreamworker.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.kcl.upstream.LeaseRow;
import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import io.github.ddbstreamworker.ops.Check;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.simulator.SimulatorOptions;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.github.ddbstreamworker.simulator.StreamSpec;
import io.github.ddbstreamworker.testsupport.CapturedLog;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A table's stream disabled, re-enabled (a new ARN with no shard linked to the old stream's) or
 * gone, on the stream simulator, read by the real KCL and adapter: with TABLE_NAME the worker reads
 * the old stream to its end and then the new one from its start, with no loss and no repeats; with
 * STREAM_ARN it reads what remains, then ends with a named error and /health at 503.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class StreamChangeTest {

  private static final Duration LOOK = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int ITEMS = 15;

  private StreamSimulator simulator;

  @BeforeEach
  void startSimulator() {
    simulator = StreamSimulator.start(SimulatorOptions.defaults().withGetRecordsLimitPerShard(0));
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  @Test
  void withTableNameReadsTheOldStreamToItsEndThenTheNewOneFromItsStart() {
    String table = MotoDynamoDb.uniqueName("follow");
    SimulatedStream old = newStream(table);
    write(old, "a");
    try (CapturedLog log = CapturedLog.start();
        RunningWorker worker = onTable(table, "follow-worker")) {
      worker.sink().awaitItems(ITEMS, TIMEOUT);

      write(old, "b");
      old.disable();
      SimulatedStream next = simulator.enableStream(table);
      write(next, "c");

      List<JsonNode> lines = worker.sink().awaitItems(3 * ITEMS, TIMEOUT);
      assertThat(ids(lines)).doesNotHaveDuplicates().hasSize(3 * ITEMS);
      assertThat(lines).extracting(StreamChangeTest::generation).isSorted();
      assertThat(worker.worker().stream().streamArn()).isEqualTo(next.streamArn());
      assertThat(worker.assembly().health()).isEqualTo(Check.passing());
      assertThat(log.containing("disabled, or its table deleted")).hasSize(1);
      assertThat(log.containing("stream read to its end")).hasSize(1);
      assertThat(leaseKeys(table)).doesNotContainAnyElementsOf(shardIds(old));
    }
  }

  @Test
  void aWorkerStartedAfterTheChangeFinishesTheOldStreamBeforeTheNewOne() {
    String table = MotoDynamoDb.uniqueName("restart");
    SimulatedStream old = newStream(table);
    write(old, "a");
    try (RunningWorker first = onTable(table, "first-worker")) {
      first.sink().awaitItems(ITEMS, TIMEOUT);
    }
    write(old, "b");
    old.disable();
    SimulatedStream next = simulator.enableStream(table);
    write(next, "c");

    // LATEST: the new stream read from its start shows the worker chose to, not its settings.
    try (RunningWorker second = onTable(table, "second-worker", "LATEST")) {
      List<JsonNode> lines = second.sink().awaitItems(2 * ITEMS, TIMEOUT);

      assertThat(lines).extracting(StreamChangeTest::generation).isSorted();
      assertThat(ids(lines)).doesNotHaveDuplicates().hasSize(2 * ITEMS);
      assertThat(lines).extracting(StreamChangeTest::generation).containsOnly("b", "c");
      await()
          .atMost(TIMEOUT)
          .until(() -> second.worker().stream().streamArn().equals(next.streamArn()));
    }
  }

  @Test
  void withStreamArnReadsWhatRemainsThenEndsWithANamedErrorAndAFailingHealthCheck()
      throws Exception {
    String table = MotoDynamoDb.uniqueName("pinned");
    SimulatedStream stream = newStream(table);
    write(stream, "a");
    Map<String, String> settings = settings("pinned-worker");
    settings.put("STREAM_ARN", stream.streamArn());
    settings.put("HTTP_PORT", "0");
    try (CapturedLog log = CapturedLog.start();
        RunningWorker worker =
            RunningWorker.onSimulator(
                simulator, settings, assembly -> assembly.streamLookInterval(LOOK))) {
      worker.sink().awaitItems(ITEMS, TIMEOUT);
      write(stream, "b");
      stream.disable();

      await().atMost(TIMEOUT).until(() -> worker.assembly().ended().isPresent());

      assertThat(ids(worker.sink().items())).doesNotHaveDuplicates().hasSize(2 * ITEMS);
      assertThat(worker.assembly().ended().orElseThrow())
          .startsWith("StreamEnded:")
          .contains(stream.streamArn(), "STREAM_ARN", "TABLE_NAME");
      HttpResponse<String> health = health(worker.httpPort());
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("StreamEnded");
      assertThat(log.at(Level.ERROR))
          .filteredOn(line -> line.message().startsWith("StreamEnded"))
          .hasSize(1);
    }
  }

  @Test
  void withTableNameAndNoNewStreamEndsOnceTheOldOneIsRead() {
    String table = MotoDynamoDb.uniqueName("no-next");
    SimulatedStream stream = newStream(table);
    write(stream, "a");
    try (RunningWorker worker = onTable(table, "no-next-worker")) {
      worker.sink().awaitItems(ITEMS, TIMEOUT);
      write(stream, "b");
      stream.disable();

      await().atMost(TIMEOUT).until(() -> worker.assembly().ended().isPresent());

      assertThat(ids(worker.sink().items())).doesNotHaveDuplicates().hasSize(2 * ITEMS);
      assertThat(worker.assembly().ended().orElseThrow())
          .startsWith("StreamEnded:")
          .contains(stream.streamArn(), table);
      assertThat(worker.assembly().health().ok()).isFalse();
    }
  }

  @Test
  void onMotoServerADeletedTableEndsTheWorkerNamingTheCause() {
    String table = MotoDynamoDb.newTable("deleted", StreamViewType.NEW_AND_OLD_IMAGES);
    try (RunningWorker worker =
        RunningWorker.start(
            table,
            "deleted-worker",
            Map.of(),
            new SimpleMeterRegistry(),
            UnaryOperator.identity(),
            assembly -> assembly.streamLookInterval(LOOK))) {
      MotoDynamoDb.put(table, "a-000", "a");
      worker.sink().awaitItems(1, TIMEOUT);

      MotoDynamoDb.clients().dynamoDb().deleteTable(request -> request.tableName(table));

      await().atMost(TIMEOUT).until(() -> worker.assembly().ended().isPresent());
      assertThat(worker.assembly().ended().orElseThrow())
          .startsWith("StreamEnded:")
          .contains(table, "does not exist");
    }
  }

  private RunningWorker onTable(String table, String workerId) {
    return onTable(table, workerId, "TRIM_HORIZON");
  }

  private RunningWorker onTable(String table, String workerId, String initialPosition) {
    Map<String, String> settings = settings(workerId);
    settings.put("INITIAL_POSITION", initialPosition);
    settings.put("TABLE_NAME", table);
    settings.put("APPLICATION_NAME", table + "-consumer");
    return RunningWorker.onSimulator(
        simulator, settings, assembly -> assembly.streamLookInterval(LOOK));
  }

  private static Map<String, String> settings(String workerId) {
    Map<String, String> settings = new HashMap<>();
    settings.put("WORKER_ID", workerId);
    settings.put("MAX_RECORDS", "5");
    return settings;
  }

  private SimulatedStream newStream(String table) {
    return simulator.createStream(
        StreamSpec.of(table, "id", StreamViewType.NEW_AND_OLD_IMAGES).withShards(2));
  }

  private static void write(SimulatedStream stream, String generation) {
    IntStream.range(0, ITEMS)
        .forEach(
            i ->
                stream.insert(
                    Map.of(
                        "id",
                        AttributeValue.fromS(String.format("%s-%03d", generation, i)),
                        "value",
                        AttributeValue.fromS(generation))));
  }

  private static String generation(JsonNode line) {
    return line.get("item").get("value").asText();
  }

  private static List<String> ids(List<JsonNode> lines) {
    return lines.stream().map(line -> line.get("keys").get("id").asText()).toList();
  }

  private static Set<String> shardIds(SimulatedStream stream) {
    return stream.shards().stream().map(shard -> shard.shardId()).collect(Collectors.toSet());
  }

  private static Set<String> leaseKeys(String table) {
    return LeaseRows.scan(MotoDynamoDb.clients().dynamoDb(), table + "-consumer").stream()
        .map(LeaseRow::leaseKey)
        .collect(Collectors.toSet());
  }

  private static HttpResponse<String> health(int port) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
