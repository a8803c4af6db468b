package io.github.ddbstreamworker.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Keeps writing to the demo table in a fixed cycle: two inserts, an update, an overwriting put and
 * a delete, so the stream carries INSERT, MODIFY and REMOVE records.
 */
public final class DemoWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoWriter.class);

  private final DynamoDbClient dynamoDb;
  private final String tableName;
  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "demo-writer");
            thread.setDaemon(true);
            return thread;
          });
  private final Deque<String> liveIds = new ArrayDeque<>();
  private long step;
  private long nextId;

  private DemoWriter(DynamoDbClient dynamoDb, String tableName) {
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
  }

  public static DemoWriter start(DynamoDbClient dynamoDb, String tableName, Duration interval) {
    DemoWriter writer = new DemoWriter(dynamoDb, tableName);
    writer.schedule.scheduleAtFixedRate(
        writer::writeNext, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return writer;
  }

  private void writeNext() {
    try {
      switch ((int) (step++ % 5)) {
        case 0, 1 -> insert();
        case 2 -> update();
        case 3 -> overwrite();
        default -> delete();
      }
    } catch (RuntimeException e) {
      if (!schedule.isShutdown()) {
        log.warn("demo write failed: {}", e.toString());
      }
    }
  }

  private void insert() {
    String id = "item-" + nextId++;
    dynamoDb.putItem(request -> request.tableName(tableName).item(newItem(id, 1)));
    liveIds.addLast(id);
  }

  private void update() {
    String id = liveIds.peekLast();
    if (id == null) {
      return;
    }
    dynamoDb.updateItem(
        request ->
            request
                .tableName(tableName)
                .key(Map.of(DemoTable.KEY, AttributeValue.fromS(id)))
                .updateExpression("SET version = version + :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
  }

  /** A PutItem on an existing key is a MODIFY, not an INSERT. */
  private void overwrite() {
    String id = liveIds.peekFirst();
    if (id != null) {
      dynamoDb.putItem(request -> request.tableName(tableName).item(newItem(id, 100)));
    }
  }

  private void delete() {
    String id = liveIds.pollFirst();
    if (id != null) {
      dynamoDb.deleteItem(
          request ->
              request.tableName(tableName).key(Map.of(DemoTable.KEY, AttributeValue.fromS(id))));
    }
  }

  private static Map<String, AttributeValue> newItem(String id, int version) {
    return Map.of(
        DemoTable.KEY,
        AttributeValue.fromS(id),
        "version",
        AttributeValue.fromN(Integer.toString(version)),
        "createdAt",
        AttributeValue.fromS(Instant.now().toString()),
        "price",
        AttributeValue.fromN("19.99"),
        "tags",
        AttributeValue.fromSs(List.of("demo", "stream")),
        "inStock",
        AttributeValue.fromBool(true),
        "dimensions",
        AttributeValue.fromM(
            Map.of("width", AttributeValue.fromN("10"), "unit", AttributeValue.fromS("cm"))),
        "thumbnail",
        AttributeValue.fromB(SdkBytes.fromUtf8String(id)));
  }

  @Override
  public void close() {
    // A write in flight finishes rather than being interrupted into a failure report.
    schedule.shutdown();
    try {
      if (!schedule.awaitTermination(5, TimeUnit.SECONDS)) {
        schedule.shutdownNow();
      }
    } catch (InterruptedException e) {
      schedule.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
