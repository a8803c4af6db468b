package io.github.ddbstreamworker.testsupport;

import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsResponse;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsServiceClientConfiguration;

/**
 * A real DynamoDB Streams client that answers as if the service had trimmed a shard's older records
 * (older than the 24 h retention), which DynamoDB Local never does: iterators at or after a trimmed
 * record are refused with {@link TrimmedDataAccessException}, TRIM_HORIZON starts at the oldest
 * record kept, and reading through an iterator that would return a trimmed record fails.
 */
public final class TrimmingStreamsClient implements DynamoDbStreamsClient {

  private final DynamoDbStreamsClient real;

  /** Per shard, the oldest sequence number kept, as the service writes it (zero-padded). */
  private final Map<String, String> oldestKept = new ConcurrentHashMap<>();

  /** Which shard each iterator handed out reads, so GetRecords can tell what it would return. */
  private final Map<String, String> shardOfIterator = new ConcurrentHashMap<>();

  public TrimmingStreamsClient(DynamoDbStreamsClient real) {
    this.real = real;
  }

  /** Wraps a client with the shard already trimmed, for {@code RunningWorker.start}. */
  public static UnaryOperator<DynamoDbStreamsClient> trimmedBefore(
      String shardId, String oldestKeptSequenceNumber) {
    return real -> {
      TrimmingStreamsClient trimming = new TrimmingStreamsClient(real);
      trimming.trimBefore(shardId, oldestKeptSequenceNumber);
      return trimming;
    };
  }

  /** From now on the shard's records before this sequence number are gone. */
  public void trimBefore(String shardId, String oldestKeptSequenceNumber) {
    oldestKept.put(shardId, oldestKeptSequenceNumber);
  }

  @Override
  public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
    String kept = oldestKept.get(request.shardId());
    GetShardIteratorRequest asked = request;
    if (kept != null) {
      switch (request.shardIteratorType()) {
        case AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER -> {
          if (isBefore(request.sequenceNumber(), kept)) {
            throw trimmed("shard iterator for " + request.sequenceNumber());
          }
        }
        case TRIM_HORIZON ->
            asked =
                request.toBuilder()
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                    .sequenceNumber(kept)
                    .build();
        default -> {}
      }
    }
    GetShardIteratorResponse response = real.getShardIterator(asked);
    remember(response.shardIterator(), request.shardId());
    return response;
  }

  @Override
  public GetRecordsResponse getRecords(GetRecordsRequest request) {
    String shardId = shardOfIterator.remove(request.shardIterator());
    GetRecordsResponse response = real.getRecords(request);
    String kept = shardId == null ? null : oldestKept.get(shardId);
    if (kept != null
        && response.records().stream()
            .anyMatch(record -> isBefore(record.dynamodb().sequenceNumber(), kept))) {
      remember(request.shardIterator(), shardId);
      throw trimmed("records through an iterator older than the trim point");
    }
    remember(response.nextShardIterator(), shardId);
    return response;
  }

  private void remember(String iterator, String shardId) {
    if (iterator != null && shardId != null) {
      shardOfIterator.put(iterator, shardId);
    }
  }

  /** Sequence numbers are decimal numbers of varying length; compare them as numbers. */
  private static boolean isBefore(String sequenceNumber, String other) {
    return new BigInteger(sequenceNumber).compareTo(new BigInteger(other)) < 0;
  }

  /** As the service answers: HTTP 400 with the exception's name as error code. */
  private static TrimmedDataAccessException trimmed(String what) {
    String message = "Attempted to access trimmed data: " + what;
    return (TrimmedDataAccessException)
        TrimmedDataAccessException.builder()
            .message(message)
            .statusCode(400)
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("TrimmedDataAccessException")
                    .errorMessage(message)
                    .serviceName("DynamoDbStreams")
                    .build())
            .build();
  }

  @Override
  public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
    return real.describeStream(request);
  }

  @Override
  public ListStreamsResponse listStreams(ListStreamsRequest request) {
    return real.listStreams(request);
  }

  @Override
  public DynamoDbStreamsServiceClientConfiguration serviceClientConfiguration() {
    return real.serviceClientConfiguration();
  }

  @Override
  public String serviceName() {
    return real.serviceName();
  }

  @Override
  public void close() {
    real.close();
  }
}
