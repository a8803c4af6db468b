package io.github.ddbstreamworker.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Fills a table with N items of a fixed shape, 25 to a BatchWriteItem, from a few threads. */
final class Backlog {

  private static final int BATCH = 25;
  private static final int THREADS = 4;

  private Backlog() {}

  static void write(DynamoDbClient dynamoDb, String table, String prefix, int items)
      throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> batches = new ArrayList<>();
      for (int first = 0; first < items; first += BATCH) {
        int from = first;
        int to = Math.min(items, first + BATCH);
        batches.add(writers.submit(() -> writeBatch(dynamoDb, table, prefix, from, to)));
      }
      for (Future<?> batch : batches) {
        batch.get();
      }
    } finally {
      writers.shutdown();
    }
  }

  static Map<String, AttributeValue> item(String id) {
    return Map.of(
        "id", AttributeValue.fromS(id),
        "writtenAt", AttributeValue.fromN(Long.toString(System.nanoTime())),
        "price", AttributeValue.fromN("19.99"),
        "tags", AttributeValue.fromSs(List.of("bench", "stream")),
        "payload", AttributeValue.fromS("x".repeat(200)));
  }

  private static void writeBatch(
      DynamoDbClient dynamoDb, String table, String prefix, int from, int to) {
    List<WriteRequest> requests = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Map<String, AttributeValue> item = item(prefix + "-" + i);
      requests.add(
          WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
    }
    Map<String, List<WriteRequest>> pending = Map.of(table, requests);
    while (!pending.isEmpty()) {
      Map<String, List<WriteRequest>> current = pending;
      BatchWriteItemResponse response =
          dynamoDb.batchWriteItem(request -> request.requestItems(current));
      pending = response.unprocessedItems();
    }
  }
}
