package io.github.ddbstreamworker.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * How far a shard's checkpoint is behind: the age of the oldest record after it. The lease table
 * does not say when a checkpoint was written, but a record that has waited long past the checkpoint
 * means the shard is not moving.
 */
final class CheckpointLag {

  private final DynamoDbStreamsClient streams;

  CheckpointLag(DynamoDbStreamsClient streams) {
    this.streams = streams;
  }

  /** Empty when nothing waits after the checkpoint, or the checkpoint is LATEST or SHARD_END. */
  Optional<Duration> oldestWaiting(String streamArn, String shardId, String checkpoint) {
    if (checkpoint == null || checkpoint.equals("LATEST") || checkpoint.equals("SHARD_END")) {
      return Optional.empty();
    }
    boolean fromStart = checkpoint.equals("TRIM_HORIZON");
    String iterator =
        streams
            .getShardIterator(
                request -> {
                  request.streamArn(streamArn).shardId(shardId);
                  if (fromStart) {
                    request.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                  } else {
                    request
                        .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                        .sequenceNumber(checkpoint);
                  }
                })
            .shardIterator();
    List<Record> next =
        streams.getRecords(request -> request.shardIterator(iterator).limit(1)).records();
    if (next.isEmpty() || next.get(0).dynamodb().approximateCreationDateTime() == null) {
      return Optional.empty();
    }
    return Optional.of(
        Duration.between(next.get(0).dynamodb().approximateCreationDateTime(), Instant.now()));
  }
}
