package io.github.ddbstreamworker.follow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A table's streams, through the DynamoDB Streams API only: ListStreams keeps a disabled stream for
 * the 24 hours its records stay readable, so the stream before a re-enable is found here.
 */
public final class StreamHistory {

  private final DynamoDbStreamsClient streams;

  public StreamHistory(DynamoDbStreamsClient streams) {
    this.streams = streams;
  }

  /** The table's streams DynamoDB still lists, newest first. */
  public List<StreamShape> of(String tableName) {
    List<String> arns = new ArrayList<>();
    String after = null;
    do {
      String start = after;
      var page =
          streams.listStreams(
              request -> request.tableName(tableName).exclusiveStartStreamArn(start));
      page.streams().forEach(stream -> arns.add(stream.streamArn()));
      after = page.lastEvaluatedStreamArn();
    } while (after != null);
    List<StreamShape> shapes = new ArrayList<>();
    for (String arn : arns) {
      describe(arn).ifPresent(shapes::add);
    }
    shapes.sort(Comparator.comparing(StreamShape::label).reversed());
    return shapes;
  }

  /**
   * Whether the stream still takes records, from one DescribeStream call however many shards it
   * has; empty once DynamoDB no longer knows it.
   */
  public Optional<Boolean> enabled(String streamArn) {
    try {
      StreamStatus status =
          streams
              .describeStream(request -> request.streamArn(streamArn).limit(1))
              .streamDescription()
              .streamStatus();
      return Optional.of(StreamShape.isEnabled(status));
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The stream with every shard; empty once DynamoDB no longer knows it. */
  public Optional<StreamShape> describe(String streamArn) {
    List<Shard> shards = new ArrayList<>();
    StreamDescription first = null;
    String after = null;
    try {
      do {
        String start = after;
        StreamDescription page =
            streams
                .describeStream(
                    request -> request.streamArn(streamArn).exclusiveStartShardId(start))
                .streamDescription();
        if (first == null) {
          first = page;
        }
        shards.addAll(page.shards());
        after = page.lastEvaluatedShardId();
      } while (after != null);
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(
        new StreamShape(
            streamArn,
            first.tableName(),
            first.streamLabel(),
            first.streamStatus(),
            first.streamViewType(),
            List.copyOf(shards)));
  }
}
