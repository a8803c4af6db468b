package io.github.ddbstreamworker.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * One table's stream in the simulator: the writer API that stands in for table writes, and the
 * shard operations AWS performs on its own (rollover, split, disable).
 */
public final class SimulatedStream {

  private final String streamArn;
  private final String streamLabel;
  private final StreamSpec spec;
  private final String region;
  private final Instant createdAt;
  private final ShardTree tree;
  private final GeneratedItems generated;
  private volatile boolean enabled = true;

  SimulatedStream(
      StreamSpec spec, String streamLabel, Instant createdAt, SimulatorOptions options) {
    this.spec = spec;
    this.streamLabel = streamLabel;
    this.createdAt = createdAt;
    this.region = options.region();
    this.streamArn =
        "arn:aws:dynamodb:"
            + options.region()
            + ":"
            + options.account()
            + ":table/"
            + spec.tableName()
            + "/stream/"
            + streamLabel;
    this.tree =
        new ShardTree(
            spec.shards(),
            options.retention().toMillis(),
            options.getRecordsLimitPerShard(),
            options.clock());
    this.generated = new GeneratedItems(spec.hashKey(), spec.rangeKey());
  }

  public String streamArn() {
    return streamArn;
  }

  public String tableName() {
    return spec.tableName();
  }

  /** The ISO-8601 timestamp that ends the ARN, e.g. {@code 2026-12-01T07:31:17.123}. */
  public String streamLabel() {
    return streamLabel;
  }

  public StreamViewType viewType() {
    return spec.viewType();
  }

  public StreamSpec spec() {
    return spec;
  }

  /** False once {@link #disable()} was called: StreamStatus DISABLED. */
  public boolean enabled() {
    return enabled;
  }

  /** An item was put that did not exist: an INSERT record with the item as its new image. */
  public WrittenRecord insert(Map<String, AttributeValue> item) {
    return write(Change.insert(Objects.requireNonNull(item, "item")));
  }

  /** An item was changed: a MODIFY record; both items must have the same key. */
  public WrittenRecord modify(
      Map<String, AttributeValue> oldItem, Map<String, AttributeValue> newItem) {
    Objects.requireNonNull(oldItem, "old item");
    Objects.requireNonNull(newItem, "new item");
    if (!keysOf(oldItem).equals(keysOf(newItem))) {
      throw new IllegalArgumentException("a MODIFY keeps the item's key: old and new keys differ");
    }
    return write(Change.modify(oldItem, newItem));
  }

  /** An item was deleted: a REMOVE record with the item as its old image. */
  public WrittenRecord remove(Map<String, AttributeValue> oldItem) {
    return write(Change.remove(Objects.requireNonNull(oldItem, "old item")));
  }

  /** INSERTs, in order, under one lock. */
  public List<WrittenRecord> insertAll(List<Map<String, AttributeValue>> items) {
    List<WrittenRecord> written = new ArrayList<>(items.size());
    synchronized (tree) {
      for (Map<String, AttributeValue> item : items) {
        written.add(insert(item));
      }
    }
    return written;
  }

  /**
   * A backlog: {@code recordsPerShard} INSERTs of generated items of about {@code itemBytes} into
   * every open shard, each with a new key that hashes to that shard. Returns how many were written.
   */
  public long fill(int recordsPerShard, int itemBytes) {
    if (recordsPerShard < 0) {
      throw new IllegalArgumentException("records per shard must not be negative");
    }
    long written = 0;
    synchronized (tree) {
      for (ShardLog shard : tree.topology().open()) {
        for (int i = 0; i < recordsPerShard; i++) {
          String key = generated.freshKeyFor(shard, tree.topology());
          insert(generated.item(key, 1, itemBytes));
          written++;
        }
      }
    }
    return written;
  }

  /** Every open shard closes and gets one child over the same keys; returns the children's ids. */
  public List<String> rollover() {
    return tree.rollover();
  }

  /** Closes an open shard and opens two children over its key space; returns their ids. */
  public List<String> split(String shardId) {
    return tree.split(shardId);
  }

  /** The shards DescribeStream lists now, parents before children. */
  public List<SimulatedShard> shards() {
    return tree.topology().shards().stream()
        .map(shard -> new SimulatedShard(shard.id(), shard.parentId(), shard.open(), shard.size()))
        .toList();
  }

  /**
   * Turns the stream off, as disabling a table's stream does: StreamStatus DISABLED, open shards
   * closed, no new records; what was written stays readable for the retention.
   */
  public void disable() {
    synchronized (tree) {
      enabled = false;
      tree.closeAll();
    }
  }

  /** Writes generated changes at a steady rate into every open shard until closed. */
  public SteadyLoad steadyLoad(LoadSpec spec) {
    return SteadyLoad.start(this, spec);
  }

  ShardTree tree() {
    return tree;
  }

  GeneratedItems generated() {
    return generated;
  }

  Instant createdAt() {
    return createdAt;
  }

  WrittenRecord write(Change change) {
    Map<String, AttributeValue> keys = keysOf(change.keySource());
    long hash = KeyHash.of(keys.get(spec.hashKey()));
    synchronized (tree) {
      if (!enabled) {
        throw new IllegalStateException("stream " + streamArn + " is disabled");
      }
      return tree.append(
          hash,
          (sequenceNumber, eventId, createdMillis) ->
              RecordJson.write(
                  change, keys, spec.viewType(), eventId, region, createdMillis, sequenceNumber));
    }
  }

  private Map<String, AttributeValue> keysOf(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> keys = new LinkedHashMap<>(2);
    keys.put(spec.hashKey(), keyAttribute(item, spec.hashKey()));
    if (spec.rangeKey() != null) {
      keys.put(spec.rangeKey(), keyAttribute(item, spec.rangeKey()));
    }
    return keys;
  }

  private static AttributeValue keyAttribute(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the item has no key attribute " + name);
    }
    switch (value.type()) {
      case S, N, B -> {
        return value;
      }
      default ->
          throw new IllegalArgumentException(
              "key attribute " + name + " must be of type S, N or B, not " + value.type());
    }
  }
}
