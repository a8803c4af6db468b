package io.github.ddbstreamworker.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.WorkerProcess;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * INITIAL_POSITION=SNAPSHOT end to end on moto_server: two worker processes share the scan of a
 * table of 20,000 items while a writer inserts, updates and deletes items; one is killed (SIGKILL)
 * mid-scan, and the other resumes its segments from their saved keys, finishes the scan and reads
 * the stream. Every item in the table at the end, and every change sent after the snapshot began,
 * is in the lines, and replaying them gives the table's final state.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class SnapshotThenStreamTest {

  private static final int ITEMS = 20_000;
  private static final int SEGMENTS = 8;
  private static final String PAD = "x".repeat(150);
  private static final Duration TIMEOUT = Duration.ofSeconds(150);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SNAPSHOT_LINE_START = "{\"type\":\"snapshot\"";

  static String initialId(int n) {
    return String.format("item-%05d", n);
  }

  @Test
  void everyItemAndEveryChangeIsLoggedAndAKilledWorkersSegmentsResumeFromTheirSavedKeys()
      throws Exception {
    DynamoDbClient dynamoDb = MotoDynamoDb.clients().dynamoDb();
    String table = MotoDynamoDb.uniqueName("snapshot");
    String application = table + "-app";
    createAndLoad(dynamoDb, table);
    ProgressTable progress = new ProgressTable(dynamoDb, application);

    Map<String, String> environment = new HashMap<>(WorkerProcess.motoAwsEnvironment());
    environment.put("TABLE_NAME", table);
    environment.put("APPLICATION_NAME", application);
    environment.put("INITIAL_POSITION", "SNAPSHOT");
    environment.put("SNAPSHOT_SEGMENTS", Integer.toString(SEGMENTS));
    environment.put("SNAPSHOT_READ_CAPACITY", "60");
    environment.put("FILTER_CRITERIA", "{\"eventName\":[\"INSERT\",\"MODIFY\",\"REMOVE\"]}");
    environment.put("LOG_FORMAT", "json");

    try (SnapshotWriters writers = new SnapshotWriters(dynamoDb, table, 0, ITEMS / 2);
        WorkerProcess killed = worker(environment, "snapshot-a");
        WorkerProcess survivor = worker(environment, "snapshot-b")) {
      writers.start();

      Awaitility.await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> hasScannedPartOfASegment(progress, "snapshot-a"));
      killed.kill();
      Map<Integer, Long> savedByKilled = new HashMap<>();
      progress.segments().stream()
          .filter(
              segment ->
                  !segment.done()
                      && segment.items() > 0
                      && segment.owner().orElse("").equals("snapshot-a"))
          .forEach(segment -> savedByKilled.put(segment.segment(), segment.items()));

      awaitLine(survivor, "snapshot done");
      Thread.sleep(3_000);
      writers.close();
      Instant snapshotStart = progress.header().orElseThrow().startedAt();
      List<SnapshotWriters.Change> afterStart =
          writers.changes().stream()
              .filter(change -> !change.sentAt().isBefore(snapshotStart))
              .toList();
      Awaitility.await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> missing(afterStart, streamLines(survivor)).isEmpty());
      List<JsonNode> lines = new ArrayList<>(lines(killed));
      lines.addAll(lines(survivor));
      Map<String, Long> finalState = scan(dynamoDb, table);
      Set<String> logged = new HashSet<>();
      lines.forEach(line -> logged.add(line.get("keys").get("id").asText()));

      Set<String> neverLogged = new HashSet<>(finalState.keySet());
      neverLogged.removeAll(logged);
      assertThat(neverLogged)
          .as("items in the table at the end that are in no snapshot or stream line")
          .isEmpty();
      assertThat(missing(afterStart, streamLines(survivor)))
          .as("every change sent after the snapshot began is in a stream line")
          .isEmpty();
      assertThat(replay(lines))
          .as("replaying the lines gives the final state")
          .isEqualTo(finalState);
      assertThat(afterStart)
          .extracting(SnapshotWriters.Change::eventName)
          .contains("INSERT", "MODIFY", "REMOVE");

      assertThat(savedByKilled)
          .as("the killed worker held segments it had partly scanned")
          .isNotEmpty();
      List<JsonNode> resumed =
          logLines(survivor).stream()
              .filter(line -> line.path("message").asText().startsWith("resuming snapshot segment"))
              .toList();
      savedByKilled.forEach(
          (segment, items) ->
              assertThat(resumed)
                  .as("segment %d resumed after the %d items it had saved", segment, items)
                  .anySatisfy(
                      line -> {
                        assertThat(line.get("segment").asInt()).isEqualTo(segment);
                        assertThat(line.get("itemsBefore").asLong()).isGreaterThanOrEqualTo(items);
                      }));
      long snapshotLines = lines.stream().filter(SnapshotThenStreamTest::isSnapshot).count();
      long distinct =
          lines.stream()
              .filter(SnapshotThenStreamTest::isSnapshot)
              .map(line -> line.get("keys").get("id").asText())
              .distinct()
              .count();
      long savedItems = savedByKilled.values().stream().mapToLong(Long::longValue).sum();
      long linesOfKilled =
          lines(killed).stream().filter(SnapshotThenStreamTest::isSnapshot).count();
      assertThat(snapshotLines - distinct)
          .as(
              "items scanned twice: only the killed worker's lines after its saved keys, not the"
                  + " %d items it had saved",
              savedItems)
          .isLessThanOrEqualTo(linesOfKilled - savedItems);
    } finally {
      dynamoDb.deleteTable(delete -> delete.tableName(table));
    }
  }

  private static void awaitLine(WorkerProcess worker, String text) {
    try {
      worker.awaitLine(line -> line.contains(text), TIMEOUT);
    } catch (RuntimeException e) {
      List<String> log = worker.stderrLines();
      throw new AssertionError(
          "no line with '"
              + text
              + "'; the log ends:\n"
              + String.join("\n", log.subList(Math.max(0, log.size() - 15), log.size())),
          e);
    }
  }

  private static WorkerProcess worker(Map<String, String> environment, String workerId) {
    Map<String, String> own = new HashMap<>(environment);
    own.put("WORKER_ID", workerId);
    return WorkerProcess.start(own, "run");
  }

  private static boolean hasScannedPartOfASegment(ProgressTable progress, String owner) {
    try {
      long partly =
          progress.segments().stream()
              .filter(s -> !s.done() && s.items() > 0 && s.owner().orElse("").equals(owner))
              .count();
      return partly >= 1;
    } catch (RuntimeException notCreatedYet) {
      return false;
    }
  }

  /** The table without a stream, its items written, then the stream enabled, as in production. */
  private static void createAndLoad(DynamoDbClient dynamoDb, String table) {
    dynamoDb.createTable(
        create ->
            create
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("id")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
    IntStream.range(0, ITEMS / 25)
        .parallel()
        .forEach(
            batch -> {
              List<WriteRequest> puts =
                  IntStream.range(batch * 25, batch * 25 + 25)
                      .mapToObj(
                          n ->
                              WriteRequest.builder()
                                  .putRequest(
                                      PutRequest.builder()
                                          .item(
                                              Map.of(
                                                  "id", AttributeValue.fromS(initialId(n)),
                                                  "version", AttributeValue.fromN("0"),
                                                  "pad", AttributeValue.fromS(PAD)))
                                          .build())
                                  .build())
                      .toList();
              assertThat(
                      dynamoDb
                          .batchWriteItem(write -> write.requestItems(Map.of(table, puts)))
                          .unprocessedItems())
                  .isEmpty();
            });
    dynamoDb.updateTable(
        update ->
            update
                .tableName(table)
                .streamSpecification(
                    spec ->
                        spec.streamEnabled(true)
                            .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
  }

  /** Changes without a stream line of their kind, key and version. */
  private static List<SnapshotWriters.Change> missing(
      List<SnapshotWriters.Change> changes, List<JsonNode> streamLines) {
    Set<String> seen = new HashSet<>();
    for (JsonNode line : streamLines) {
      seen.add(signature(line));
    }
    return changes.stream()
        .filter(
            change ->
                !seen.contains(change.eventName() + " " + change.id() + " " + change.version()))
        .toList();
  }

  private static String signature(JsonNode line) {
    long version = line.has("item") ? line.get("item").get("version").asLong() : -1;
    return line.get("eventName").asText()
        + " "
        + line.get("keys").get("id").asText()
        + " "
        + version;
  }

  /** Each item's version after the lines in order; a REMOVE takes it out. */
  private static Map<String, Long> replay(List<JsonNode> lines) {
    Map<String, Long> state = new HashMap<>();
    for (JsonNode line : lines) {
      String id = line.get("keys").get("id").asText();
      if (!isSnapshot(line) && line.get("eventName").asText().equals("REMOVE")) {
        state.remove(id);
      } else {
        state.put(id, line.get("item").get("version").asLong());
      }
    }
    return state;
  }

  private static Map<String, Long> scan(DynamoDbClient dynamoDb, String table) {
    Map<String, Long> state = new HashMap<>();
    dynamoDb
        .scanPaginator(scan -> scan.tableName(table).consistentRead(true))
        .items()
        .forEach(item -> state.put(item.get("id").s(), Long.parseLong(item.get("version").n())));
    return state;
  }

  private static boolean isSnapshot(JsonNode line) {
    return line.get("type").asText().equals("snapshot");
  }

  private static List<JsonNode> streamLines(WorkerProcess worker) {
    return worker.stdoutLines().stream()
        .filter(line -> !line.startsWith(SNAPSHOT_LINE_START))
        .map(SnapshotThenStreamTest::parse)
        .toList();
  }

  private static List<JsonNode> lines(WorkerProcess worker) {
    return worker.stdoutLines().stream().map(SnapshotThenStreamTest::parse).toList();
  }

  private static List<JsonNode> logLines(WorkerProcess worker) {
    return worker.stderrLines().stream()
        .filter(line -> line.startsWith("{"))
        .map(SnapshotThenStreamTest::parse)
        .toList();
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
