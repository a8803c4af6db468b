package io.github.ddbstreamworker.aws;

import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * Resumes a shard at its oldest record when the stream has trimmed records the worker had not read
 * yet, and reports the gap as an ERROR and to a listener.
 *
 * <p>DynamoDB Streams keeps records for 24 hours. A worker away for longer finds the records after
 * its checkpoint partly gone: GetShardIterator after that sequence number fails with {@link
 * TrimmedDataAccessException}. The KCL comes here too when a read fails on trimmed data: the
 * adapter turns that failure into an expired iterator, and the KCL asks for an iterator after the
 * last record it read. Left alone, adapter 2.0.1 (its default {@code SKIP_RECORDS_TO_TRIM_HORIZON})
 * retries with TRIM_HORIZON and logs only a warning that does not say where the stream resumes.
 * This wrapper, between the adapter and the real client, does the same fallback first, but reads
 * the oldest record still there, so the gap it reports is exact: the records after the requested
 * position and before that one. The KCL then checkpoints the records it reads from there as usual.
 */
public final class TrimGapReportingStreamsClient implements DynamoDbStreamsClient {

  private static final Logger log = LoggerFactory.getLogger(TrimGapReportingStreamsClient.class);

  /**
   * Pages to read from the trim horizon for its oldest record; a page can come back empty though
   * records follow, and an open shard with nothing left returns empty pages for ever.
   */
  private static final int OLDEST_RECORD_PAGES = 3;

  /**
   * Records lost on one shard: those after {@code requested} and before {@code oldestAvailable}.
   */
  public record Gap(String shardId, String requested, Optional<String> oldestAvailable) {}

  private final DynamoDbStreamsClient streams;
  private final Consumer<Gap> gaps;

  public TrimGapReportingStreamsClient(DynamoDbStreamsClient streams, Consumer<Gap> gaps) {
    this.streams = streams;
    this.gaps = gaps;
  }

  @Override
  public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
    try {
      return streams.getShardIterator(request);
    } catch (TrimmedDataAccessException e) {
      if (request.shardIteratorType() != ShardIteratorType.AFTER_SEQUENCE_NUMBER
          && request.shardIteratorType() != ShardIteratorType.AT_SEQUENCE_NUMBER) {
        throw e;
      }
      return resumeAtOldestRecord(request);
    }
  }

  private GetShardIteratorResponse resumeAtOldestRecord(GetShardIteratorRequest request) {
    GetShardIteratorRequest trimHorizon =
        request.toBuilder()
            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)
            .sequenceNumber(null)
            .build();
    Optional<String> oldest = oldestSequenceNumber(trimHorizon);
    report(new Gap(request.shardId(), request.sequenceNumber(), oldest));
    if (oldest.isPresent()) {
      try {
        return streams.getShardIterator(
            request.toBuilder()
                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                .sequenceNumber(oldest.get())
                .build());
      } catch (TrimmedDataAccessException agedOutMeanwhile) {
        // The trim horizon moved past it a moment ago; start wherever it is now.
      }
    }
    return streams.getShardIterator(trimHorizon);
  }

  private Optional<String> oldestSequenceNumber(GetShardIteratorRequest trimHorizon) {
    try {
      String iterator = streams.getShardIterator(trimHorizon).shardIterator();
      for (int page = 0; page < OLDEST_RECORD_PAGES && iterator != null; page++) {
        String current = iterator;
        GetRecordsResponse records =
            streams.getRecords(read -> read.shardIterator(current).limit(1));
        if (!records.records().isEmpty()) {
          return Optional.of(records.records().get(0).dynamodb().sequenceNumber());
        }
        iterator = records.nextShardIterator();
      }
    } catch (TrimmedDataAccessException agedOutMeanwhile) {
      // Reading at the horizon raced with trimming; the gap's end stays unknown.
    }
    return Optional.empty();
  }

  private void report(Gap gap) {
    log.atError()
        .addKeyValue("shardId", gap.shardId())
        .addKeyValue("requestedSequenceNumber", gap.requested())
        .addKeyValue("oldestAvailableSequenceNumber", gap.oldestAvailable().orElse(null))
        .log(
            "records lost on shard {}: the stream trimmed unread records after sequence number {}"
                + " (it keeps records for 24 h); continuing from the oldest record left, {}",
            gap.shardId(),
            gap.requested(),
            gap.oldestAvailable()
                .map(sequenceNumber -> "sequence number " + sequenceNumber)
                .orElse("not known yet"));
    gaps.accept(gap);
  }

  @Override
  public GetRecordsResponse getRecords(GetRecordsRequest request) {
    return streams.getRecords(request);
  }

  @Override
  public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
    return streams.describeStream(request);
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
}
