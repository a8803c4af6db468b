package io.github.ddbstreamworker.bench;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The items the benchmark writes: a string key {@code id} and about 300 bytes in all. */
final class BenchItems {

  static final String KEY = "id";

  /** About the size of {@link #item}, for the simulator's generated backlog items. */
  static final int BYTES = 300;

  private BenchItems() {}

  static Map<String, AttributeValue> item(String id) {
    return Map.of(
        KEY,
        AttributeValue.fromS(id),
        "writtenAt",
        AttributeValue.fromN(Long.toString(System.nanoTime())),
        "price",
        AttributeValue.fromN("19.99"),
        "tags",
        AttributeValue.fromSs(List.of("bench", "stream")),
        "payload",
        AttributeValue.fromS("x".repeat(200)));
  }
}
