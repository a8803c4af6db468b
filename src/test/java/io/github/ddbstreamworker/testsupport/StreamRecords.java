package io.github.ddbstreamworker.testsupport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * SDK v2 stream records as the adapter hands them to the core, built here or read back from
 * moto_server, for tests outside {@code core}.
 */
public final class StreamRecords {

  public static final Instant CREATED = Instant.parse("2026-01-02T03:04:00Z");

  private StreamRecords() {}

  /** A table's stream shard as the server stores it, its records oldest first. */
  public record StoredShard(String streamArn, String shardId, List<Record> records) {}

  /**
   * Reads the table's first shard, from its oldest record to the first empty page: moto_server's
   * shard stays open, and a record written before the call is on a page by then.
   */
  public static StoredShard storedIn(String table) {
    DynamoDbStreamsClient streams = MotoDynamoDb.clients().streams();
    ShardLocation shard = firstShardOf(table);
    String iterator = trimHorizonOf(shard);
    List<Record> records = new ArrayList<>();
    while (iterator != null) {
      String current = iterator;
      GetRecordsResponse page = streams.getRecords(request -> request.shardIterator(current));
      records.addAll(page.records());
      iterator = page.records().isEmpty() ? null : page.nextShardIterator();
    }
    return new StoredShard(shard.streamArn(), shard.shardId(), List.copyOf(records));
  }

  /** A table's stream and its first shard. */
  public record ShardLocation(String streamArn, String shardId) {}

  public static ShardLocation firstShardOf(String table) {
    String streamArn =
        MotoDynamoDb.clients()
            .dynamoDb()
            .describeTable(request -> request.tableName(table))
            .table()
            .latestStreamArn();
    String shardId =
        MotoDynamoDb.clients()
            .streams()
            .describeStream(request -> request.streamArn(streamArn))
            .streamDescription()
            .shards()
            .get(0)
            .shardId();
    return new ShardLocation(streamArn, shardId);
  }

  /** An iterator at the shard's oldest record. */
  public static String trimHorizonOf(ShardLocation shard) {
    return MotoDynamoDb.clients()
        .streams()
        .getShardIterator(
            request ->
                request
                    .streamArn(shard.streamArn())
                    .shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
        .shardIterator();
  }

  /** An INSERT of {@code newImage}, keyed by its {@code id} attribute, created at CREATED. */
  public static Record insert(String sequenceNumber, Map<String, AttributeValue> newImage) {
    return insert(sequenceNumber, CREATED, newImage);
  }

  public static Record insert(
      String sequenceNumber, Instant created, Map<String, AttributeValue> newImage) {
    return Record.builder()
        .eventID("event-" + sequenceNumber)
        .eventName(OperationType.INSERT)
        .eventVersion("1.1")
        .eventSource("aws:dynamodb")
        .awsRegion("us-east-1")
        .dynamodb(
            StreamRecord.builder()
                .sequenceNumber(sequenceNumber)
                .approximateCreationDateTime(created)
                .keys(Map.of("id", newImage.get("id")))
                .newImage(newImage)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
                .build())
        .build();
  }
}
