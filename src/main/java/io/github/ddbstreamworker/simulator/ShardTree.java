package io.github.ddbstreamworker.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The shards of one stream and how they change: appends go to the open shard that owns the key's
 * hash; rollover closes a shard and opens one child over the same keys, a split two children over
 * its halves; closed shards expire after the retention. Its monitor is the stream's write lock, so
 * records get sequence numbers in append order across the stream.
 */
final class ShardTree {

  private final long retentionMillis;
  private final Clock clock;
  private final int getRecordsPerSecond;
  private final SequenceNumbers sequences = new SequenceNumbers();
  private final List<ShardLog> shards = new ArrayList<>();
  private final Map<String, Integer> ordinals = new HashMap<>();
  private volatile Topology topology;
  private Consumer<Topology> topologyListener = topology -> {};

  ShardTree(int shardCount, long retentionMillis, int getRecordsPerSecond, Clock clock) {
    this.clock = clock;
    this.retentionMillis = retentionMillis;
    this.getRecordsPerSecond = getRecordsPerSecond;
    long now = clock.millis();
    synchronized (this) {
      for (KeyRange range : KeyRange.divide(shardCount)) {
        open(null, range, now);
      }
      publish();
    }
  }

  Topology topology() {
    return topology;
  }

  /** Told of every new topology, under this tree's lock (by the steady load). */
  synchronized void onTopologyChange(Consumer<Topology> listener) {
    this.topologyListener = listener;
  }

  /** The highest sequence number the stream has issued so far. */
  synchronized long lastSequence() {
    return sequences.current();
  }

  /** Creation rank of any shard this stream ever had, expired ones included; -1 if unknown. */
  synchronized int ordinal(String shardId) {
    return ordinals.getOrDefault(shardId, -1);
  }

  /** Writes one record: assigns the sequence number, encodes it, and appends it to its shard. */
  synchronized WrittenRecord append(long keyHash, RecordEncoder encoder) {
    ShardLog shard = topology.ownerOf(keyHash);
    if (shard == null) {
      throw new IllegalStateException("the stream is disabled: it takes no new records");
    }
    Instant createdAt = clock.instant();
    long createdNanos = System.nanoTime();
    long createdMillis = createdAt.toEpochMilli();
    String sequenceNumber = SequenceNumbers.format(sequences.next());
    String eventId = eventId();
    shard.append(
        encoder.encode(sequenceNumber, eventId, createdMillis), sequences.current(), createdMillis);
    return new WrittenRecord(shard.id(), sequenceNumber, eventId, createdAt, createdNanos);
  }

  /** Every open shard closes and gets one child over the same keys; returns the children's ids. */
  synchronized List<String> rollover() {
    return rollover(topology.open());
  }

  /** The open shards that have been open for {@code periodMillis} roll over. */
  synchronized List<String> rolloverOlderThan(long periodMillis, long nowMillis) {
    return rollover(
        topology.open().stream()
            .filter(shard -> nowMillis - shard.createdMillis() >= periodMillis)
            .toList());
  }

  private List<String> rollover(List<ShardLog> parents) {
    if (parents.isEmpty()) {
      return List.of();
    }
    long now = clock.millis();
    List<String> children = new ArrayList<>();
    for (ShardLog parent : parents) {
      parent.close(sequences.next(), now);
      children.add(open(parent.id(), parent.range(), now).id());
    }
    publish();
    return children;
  }

  /** Closes an open shard and opens two children, each over half of its keys. */
  synchronized List<String> split(String shardId) {
    ShardLog parent = topology.shard(shardId);
    if (parent == null || !parent.open()) {
      throw new IllegalArgumentException("no open shard " + shardId + " in this stream");
    }
    if (!parent.range().splittable()) {
      throw new IllegalStateException("shard " + shardId + " owns a single key hash");
    }
    long now = clock.millis();
    parent.close(sequences.next(), now);
    List<String> children =
        List.of(
            open(parent.id(), parent.range().lowerHalf(), now).id(),
            open(parent.id(), parent.range().upperHalf(), now).id());
    publish();
    return children;
  }

  /** Closes every open shard for good: the stream was disabled. */
  synchronized void closeAll() {
    long now = clock.millis();
    for (ShardLog shard : topology.open()) {
      shard.close(sequences.next(), now);
    }
    publish();
  }

  /** Trims old records and forgets closed shards whose records have all aged out. */
  synchronized void expire(long nowMillis) {
    shards.forEach(ShardLog::trim);
    if (shards.removeIf(shard -> shard.expired(nowMillis))) {
      publish();
    }
  }

  private ShardLog open(String parentId, KeyRange range, long nowMillis) {
    ShardLog shard =
        new ShardLog(
            newShardId(nowMillis),
            parentId,
            range,
            nowMillis,
            sequences.next(),
            retentionMillis,
            getRecordsPerSecond,
            clock);
    shards.add(shard);
    ordinals.put(shard.id(), ordinals.size());
    return shard;
  }

  /** As AWS writes them: creation time in epoch milliseconds, then 8 hex digits. */
  private String newShardId(long nowMillis) {
    while (true) {
      String id =
          String.format("shardId-%020d-%08x", nowMillis, ThreadLocalRandom.current().nextInt());
      if (!ordinals.containsKey(id)) {
        return id;
      }
    }
  }

  private void publish() {
    topology = new Topology(shards);
    topologyListener.accept(topology);
  }

  /** 32 hex digits, like AWS's event ids. */
  private static String eventId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] hex = new char[32];
    fillHex(hex, 0, random.nextLong());
    fillHex(hex, 16, random.nextLong());
    return new String(hex);
  }

  private static void fillHex(char[] hex, int from, long bits) {
    for (int i = 15; i >= 0; i--) {
      hex[from + i] = Character.forDigit((int) (bits & 0xf), 16);
      bits >>>= 4;
    }
  }

  /** Turns a change into its record JSON once its sequence number and event id are known. */
  @FunctionalInterface
  interface RecordEncoder {
    byte[] encode(String sequenceNumber, String eventId, long createdMillis);
  }
}
