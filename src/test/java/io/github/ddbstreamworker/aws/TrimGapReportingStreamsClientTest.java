package io.github.ddbstreamworker.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbstreamworker.aws.TrimGapReportingStreamsClient.Gap;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.StreamRecords;
import io.github.ddbstreamworker.testsupport.StreamRecords.StoredShard;
import io.github.ddbstreamworker.testsupport.TrimmingStreamsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The fallback to the oldest record left, on DynamoDB Local made to answer as if trimmed. */
@ExtendWith(MotoDynamoDbExtension.class)
class TrimGapReportingStreamsClientTest {

  private final List<Gap> gaps = new CopyOnWriteArrayList<>();
  private final DynamoDbStreamsClient local = MotoDynamoDb.clients().streams();
  private String streamArn;
  private String shardId;
  private List<String> sequenceNumbers;

  @BeforeEach
  void writeTenItems() {
    String table = MotoDynamoDb.newTable("gap", StreamViewType.KEYS_ONLY);
    IntStream.rangeClosed(1, 10).forEach(i -> MotoDynamoDb.put(table, "item-" + i, "v"));
    StoredShard stored = StreamRecords.storedIn(table);
    streamArn = stored.streamArn();
    shardId = stored.shardId();
    sequenceNumbers =
        stored.records().stream().map(record -> record.dynamodb().sequenceNumber()).toList();
    assertThat(sequenceNumbers).hasSize(10);
  }

  @Test
  void resumesAtTheOldestRecordLeftAndReportsTheGapWhenTheRequestedPositionWasTrimmed() {
    TrimmingStreamsClient trimming = new TrimmingStreamsClient(local);
    trimming.trimBefore(shardId, sequenceNumbers.get(6));
    TrimGapReportingStreamsClient client = new TrimGapReportingStreamsClient(trimming, gaps::add);

    List<Record> records = read(client, iteratorAfter(client, sequenceNumbers.get(2)));

    assertThat(records)
        .extracting(record -> record.dynamodb().sequenceNumber())
        .containsExactlyElementsOf(sequenceNumbers.subList(6, 10));
    assertThat(gaps)
        .containsExactly(
            new Gap(shardId, sequenceNumbers.get(2), Optional.of(sequenceNumbers.get(6))));
  }

  @Test
  void passesRequestsForRecordsStillThereThrough() {
    TrimmingStreamsClient trimming = new TrimmingStreamsClient(local);
    trimming.trimBefore(shardId, sequenceNumbers.get(6));
    TrimGapReportingStreamsClient client = new TrimGapReportingStreamsClient(trimming, gaps::add);

    List<Record> records = read(client, iteratorAfter(client, sequenceNumbers.get(7)));

    assertThat(records)
        .extracting(record -> record.dynamodb().sequenceNumber())
        .containsExactlyElementsOf(sequenceNumbers.subList(8, 10));
    assertThat(gaps).isEmpty();
  }

  @Test
  void leavesAFailedReadToTheKclWhichThenAsksForAnIteratorAfterTheLastRecordItRead() {
    TrimmingStreamsClient trimming = new TrimmingStreamsClient(local);
    TrimGapReportingStreamsClient client = new TrimGapReportingStreamsClient(trimming, gaps::add);
    String beforeTheTrim = iteratorAfter(client, sequenceNumbers.get(2));
    trimming.trimBefore(shardId, sequenceNumbers.get(6));

    assertThatThrownBy(() -> client.getRecords(request -> request.shardIterator(beforeTheTrim)))
        .isInstanceOf(TrimmedDataAccessException.class);
    assertThat(gaps).isEmpty();

    List<Record> records = read(client, iteratorAfter(client, sequenceNumbers.get(2)));
    assertThat(records).hasSize(4);
    assertThat(gaps)
        .extracting(Gap::oldestAvailable)
        .containsExactly(Optional.of(sequenceNumbers.get(6)));
  }

  private String iteratorAfter(DynamoDbStreamsClient client, String sequenceNumber) {
    return client
        .getShardIterator(
            GetShardIteratorRequest.builder()
                .streamArn(streamArn)
                .shardId(shardId)
                .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                .sequenceNumber(sequenceNumber)
                .build())
        .shardIterator();
  }

  /**
   * Every record from the iterator on; Local's shard stays open, so stop at the first empty page.
   */
  private static List<Record> read(DynamoDbStreamsClient client, String iterator) {
    List<Record> records = new ArrayList<>();
    while (iterator != null) {
      String current = iterator;
      var page = client.getRecords(request -> request.shardIterator(current));
      if (page.records().isEmpty()) {
        break;
      }
      records.addAll(page.records());
      iterator = page.nextShardIterator();
    }
    return records;
  }
}
