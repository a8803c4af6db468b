package io.github.ddbstreamworker.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A writer that inserts new items, updates items of the initial load and deletes others, in turn,
 * while a snapshot runs, and remembers each change: its key, kind, version and when it was sent.
 */
final class SnapshotWriters implements AutoCloseable {

  /** One change: for an insert or update the item's new version; for a delete, none. */
  record Change(String id, String eventName, long version, Instant sentAt) {}

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final int updateFrom;
  private final int deleteFrom;
  private final List<Change> changes = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean stopping;

  /**
   * @param updateFrom the first initial item to update ({@code item-<n>}); later ones follow
   * @param deleteFrom the first initial item to delete; no item is both updated and deleted
   */
  SnapshotWriters(DynamoDbClient dynamoDb, String table, int updateFrom, int deleteFrom) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    this.updateFrom = updateFrom;
    this.deleteFrom = deleteFrom;
    this.thread = new Thread(this::write, "snapshot-writer");
  }

  void start() {
    thread.start();
  }

  List<Change> changes() {
    return List.copyOf(changes);
  }

  private void write() {
    long version = 1_000_000;
    int updated = 0;
    int deleted = 0;
    while (!stopping) {
      version++;
      Instant sentAt = Instant.now();
      long v = version;
      switch ((int) (version % 3)) {
        case 0 -> {
          String id = "new-" + v;
          dynamoDb.putItem(
              put ->
                  put.tableName(table)
                      .item(
                          Map.of(
                              "id", AttributeValue.fromS(id),
                              "version", AttributeValue.fromN(Long.toString(v)))));
          changes.add(new Change(id, "INSERT", v, sentAt));
        }
        case 1 -> {
          String id = SnapshotThenStreamTest.initialId(updateFrom + updated++);
          dynamoDb.updateItem(
              update ->
                  update
                      .tableName(table)
                      .key(Map.of("id", AttributeValue.fromS(id)))
                      .updateExpression("SET version = :v")
                      .expressionAttributeValues(
                          Map.of(":v", AttributeValue.fromN(Long.toString(v)))));
          changes.add(new Change(id, "MODIFY", v, sentAt));
        }
        default -> {
          String id = SnapshotThenStreamTest.initialId(deleteFrom + deleted++);
          dynamoDb.deleteItem(
              delete -> delete.tableName(table).key(Map.of("id", AttributeValue.fromS(id))));
          changes.add(new Change(id, "REMOVE", -1, sentAt));
        }
      }
      try {
        Thread.sleep(15);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    thread.join();
  }
}
