package io.github.ddbstreamworker.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsServiceClientConfiguration;

/**
 * Shows the streams of several tables as one stream that holds all their shards. DynamoDB Local
 * gives a stream one open shard, so this is how the benchmark has a worker process shards side by
 * side: every shard is a real shard of a real stream, read through the real client; only the
 * listing of the first stream is widened, and iterators are asked of the stream owning the shard.
 *
 * <p>Each stream's listing is read once and then served from memory: DynamoDB Local's
 * DescribeStream takes longer the more records a stream holds (its one SQLite thread spent minutes
 * on the KCL's and the benchmark's listings of four 10,000-record streams), and a benchmark's
 * streams never split.
 */
public final class CombinedStreamsClient implements DynamoDbStreamsClient {

  private final DynamoDbStreamsClient streams;
  private final List<String> memberArns;
  private final Map<String, String> streamOfShard = new ConcurrentHashMap<>();
  private final Map<String, StreamDescription> descriptions = new ConcurrentHashMap<>();
  private final LongAdder getRecordsCalls = new LongAdder();

  /**
   * @param memberArns the streams to combine; the first one's ARN names the combined stream
   */
  public CombinedStreamsClient(DynamoDbStreamsClient streams, List<String> memberArns) {
    if (memberArns.isEmpty()) {
      throw new IllegalArgumentException("no streams to combine");
    }
    this.streams = streams;
    this.memberArns = List.copyOf(memberArns);
  }

  public String combinedArn() {
    return memberArns.get(0);
  }

  /** GetRecords calls made through this client so far. */
  public long getRecordsCalls() {
    return getRecordsCalls.sum();
  }

  @Override
  public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
    if (!combinedArn().equals(request.streamArn())) {
      return streams.describeStream(request);
    }
    if (request.shardFilter() != null) {
      String owner = ownerOf(request.shardFilter().shardId());
      return streams.describeStream(request.toBuilder().streamArn(owner).build());
    }
    StreamDescription combined = null;
    List<Shard> shards = new ArrayList<>();
    for (String member : memberArns) {
      StreamDescription description = descriptions.computeIfAbsent(member, this::describeWholly);
      if (combined == null) {
        combined = description;
      }
      for (Shard shard : description.shards()) {
        String previous = streamOfShard.putIfAbsent(shard.shardId(), member);
        if (previous != null && !previous.equals(member)) {
          throw new IllegalStateException(
              "shard " + shard.shardId() + " is in both " + previous + " and " + member);
        }
        shards.add(shard);
      }
    }
    List<Shard> page = after(shards, request.exclusiveStartShardId());
    return DescribeStreamResponse.builder()
        .streamDescription(
            combined.toBuilder().shards(page).lastEvaluatedShardId((String) null).build())
        .build();
  }

  @Override
  public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
    if (!combinedArn().equals(request.streamArn())) {
      return streams.getShardIterator(request);
    }
    return streams.getShardIterator(
        request.toBuilder().streamArn(ownerOf(request.shardId())).build());
  }

  @Override
  public GetRecordsResponse getRecords(GetRecordsRequest request) {
    getRecordsCalls.increment();
    return streams.getRecords(request);
  }

  @Override
  public ListStreamsResponse listStreams(ListStreamsRequest request) {
    return streams.listStreams(request);
  }

  @Override
  public DynamoDbStreamsServiceClientConfiguration serviceClientConfiguration() {
    return streams.serviceClientConfiguration();
  }

  @Override
  public String serviceName() {
    return streams.serviceName();
  }

  @Override
  public void close() {
    streams.close();
  }

  private String ownerOf(String shardId) {
    String owner = streamOfShard.get(shardId);
    if (owner == null) {
      describeStream(DescribeStreamRequest.builder().streamArn(combinedArn()).build());
      owner = streamOfShard.get(shardId);
    }
    if (owner == null) {
      throw new IllegalArgumentException("no combined stream has shard " + shardId);
    }
    return owner;
  }

  private StreamDescription describeWholly(String streamArn) {
    StreamDescription first = null;
    List<Shard> shards = new ArrayList<>();
    String next = null;
    do {
      String start = next;
      StreamDescription page =
          streams
              .describeStream(request -> request.streamArn(streamArn).exclusiveStartShardId(start))
              .streamDescription();
      first = first == null ? page : first;
      shards.addAll(page.shards());
      next = page.lastEvaluatedShardId();
    } while (next != null);
    return first.toBuilder().shards(shards).build();
  }

  private static List<Shard> after(List<Shard> shards, String exclusiveStartShardId) {
    if (exclusiveStartShardId == null) {
      return shards;
    }
    for (int i = 0; i < shards.size(); i++) {
      if (shards.get(i).shardId().equals(exclusiveStartShardId)) {
        return shards.subList(i + 1, shards.size());
      }
    }
    return shards;
  }
}
