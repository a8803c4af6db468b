package io.github.ddbstreamworker.simulator;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An immutable view of a stream's shards, replaced whenever one opens, closes or expires: the
 * shards DescribeStream lists, in creation order, and the open ones by key range, to route writes.
 */
final class Topology {

  private final List<ShardLog> shards;
  private final Map<String, ShardLog> byId;
  private final ShardLog[] openByRange;
  private final long[] rangeStarts;

  Topology(List<ShardLog> shards) {
    this.shards = List.copyOf(shards);
    this.byId =
        shards.stream().collect(Collectors.toUnmodifiableMap(ShardLog::id, Function.identity()));
    this.openByRange =
        shards.stream()
            .filter(ShardLog::open)
            .sorted(Comparator.comparingLong(shard -> shard.range().first()))
            .toArray(ShardLog[]::new);
    this.rangeStarts =
        Arrays.stream(openByRange).mapToLong(shard -> shard.range().first()).toArray();
  }

  /** Every shard that has not expired, parents before children. */
  List<ShardLog> shards() {
    return shards;
  }

  ShardLog shard(String id) {
    return byId.get(id);
  }

  List<ShardLog> open() {
    return List.of(openByRange);
  }

  /** The open shard that takes a key with this hash; {@code null} once the stream is disabled. */
  ShardLog ownerOf(long keyHash) {
    int index = Arrays.binarySearch(rangeStarts, keyHash);
    int owner = index >= 0 ? index : -index - 2;
    return owner < 0 ? null : openByRange[owner];
  }
}
