package io.github.ddbstreamworker.follow;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A stream as DescribeStream shows it now: status and every shard, open and closed.
 *
 * @param label the stream label, an ISO-8601 timestamp: later streams of a table sort after
 */
public record StreamShape(
    String streamArn,
    String tableName,
    String label,
    StreamStatus status,
    StreamViewType viewType,
    List<Shard> shards) {

  /** ENABLED or ENABLING: the table's current stream, which still gains records. */
  public boolean enabled() {
    return isEnabled(status);
  }

  static boolean isEnabled(StreamStatus status) {
    return status == StreamStatus.ENABLED || status == StreamStatus.ENABLING;
  }

  /** Disabled with every shard closed: nothing will be added, what is there can be read. */
  public boolean ended() {
    return status == StreamStatus.DISABLED
        && shards.stream()
            .allMatch(shard -> shard.sequenceNumberRange().endingSequenceNumber() != null);
  }

  public Set<String> shardIds() {
    Set<String> ids = new HashSet<>();
    shards.forEach(shard -> ids.add(shard.shardId()));
    return ids;
  }

  /** Shards that are no shard's parent: once each is read to its end, the stream is. */
  public Set<String> leafShardIds() {
    Set<String> leaves = shardIds();
    shards.forEach(shard -> leaves.remove(shard.parentShardId()));
    return leaves;
  }
}
