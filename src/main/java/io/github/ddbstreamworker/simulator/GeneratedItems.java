package io.github.ddbstreamworker.simulator;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items for backlogs and steady load: string keys that hash into a chosen shard, and an item of
 * about a given size for each. Keys are made in sequence and dealt to the shards they hash into, so
 * a key for one of many shards costs about one hash, not one per shard.
 */
final class GeneratedItems {

  /** Keys set aside per shard for later; beyond this they are dropped. */
  private static final int SPARE_KEYS_PER_SHARD = 256;

  private static final String PAYLOAD = "payload";
  private static final String VERSION = "version";

  private final String hashKey;
  private final String rangeKey;
  private final Map<ShardLog, ArrayDeque<String>> spareKeys = new HashMap<>();
  private final Map<Integer, String> paddings = new HashMap<>();
  private Topology dealtFor;
  private long nextKey;

  GeneratedItems(String hashKey, String rangeKey) {
    this.hashKey = hashKey;
    this.rangeKey = rangeKey;
  }

  /** A key never handed out before, whose hash falls in {@code shard}'s key range. */
  synchronized String freshKeyFor(ShardLog shard, Topology topology) {
    if (topology != dealtFor) {
      spareKeys.clear();
      dealtFor = topology;
    }
    ArrayDeque<String> spare = spareKeys.get(shard);
    if (spare != null && !spare.isEmpty()) {
      return spare.poll();
    }
    while (true) {
      String key = "item-" + nextKey++;
      long hash = KeyHash.ofString(key);
      if (shard.range().contains(hash)) {
        return key;
      }
      ShardLog owner = topology.ownerOf(hash);
      if (owner != null) {
        ArrayDeque<String> keys = spareKeys.computeIfAbsent(owner, unused -> new ArrayDeque<>());
        if (keys.size() < SPARE_KEYS_PER_SHARD) {
          keys.add(key);
        }
      }
    }
  }

  /** The item with this key and version, padded to about {@code itemBytes} by DynamoDB's sizes. */
  synchronized Map<String, AttributeValue> item(String key, long version, int itemBytes) {
    Map<String, AttributeValue> item = new LinkedHashMap<>(8);
    item.put(hashKey, AttributeValue.fromS(key));
    if (rangeKey != null) {
      item.put(rangeKey, AttributeValue.fromS("0"));
    }
    item.put(VERSION, AttributeValue.fromN(Long.toString(version)));
    long unpadded = ItemSize.of(item) + PAYLOAD.length();
    int padding = (int) Math.max(0, itemBytes - unpadded);
    item.put(PAYLOAD, AttributeValue.fromS(paddings.computeIfAbsent(padding, "x"::repeat)));
    return item;
  }
}
