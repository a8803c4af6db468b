package io.github.ddbstreamworker.kcl.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient.SkipRecordsBehavior;
import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsGetRecordsResponseAdapter;
import com.amazonaws.services.dynamodbv2.streamsadapter.exceptions.UnableToReadMoreRecordsException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import io.github.ddbstreamworker.testsupport.StreamRecords;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * GetRecords through {@link SdkRecordAdapterClient}: the same records, sequence numbers and errors
 * as the adapter's own client, converted once and without the JSON copy, on moto_server and on the
 * real scheduler.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class SdkRecordAdapterClientTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final DynamoDbStreamsClient streams = MotoDynamoDb.clients().streams();

  @Test
  void givesEachRecordOnceAsTheStreamsSdkRecordWithItsSequenceNumberAndSize() throws Exception {
    String table = MotoDynamoDb.newTable("sdk-record", StreamViewType.NEW_AND_OLD_IMAGES);
    IntStream.rangeClosed(1, 5).forEach(i -> MotoDynamoDb.put(table, "item-" + i, "v" + i));
    MotoDynamoDb.put(
        table,
        Map.of(
            "id",
            AttributeValue.fromS("large"),
            "value",
            AttributeValue.fromS("x".repeat(70_000))));
    String iterator = StreamRecords.trimHorizonOf(StreamRecords.firstShardOf(table));
    GetRecordsResponse direct = streams.getRecords(request -> request.shardIterator(iterator));
    SdkRecordAdapterClient client = new SdkRecordAdapterClient(streams, Region.US_EAST_1);

    DynamoDBStreamsGetRecordsResponseAdapter page =
        client
            .getDynamoDBStreamsRecords(GetRecordsRequest.builder().shardIterator(iterator).build())
            .get();

    List<KinesisClientRecord> records = page.records();
    assertThat(records).hasSize(6);
    for (int i = 0; i < records.size(); i++) {
      Record expected = direct.records().get(i);
      KinesisClientRecord record = records.get(i);
      assertThat(record).isInstanceOf(DynamoDBStreamsClientRecord.class);
      assertThat(((DynamoDBStreamsClientRecord) record).getRecord()).isEqualTo(expected);
      assertThat(record.sequenceNumber()).isEqualTo(expected.dynamodb().sequenceNumber());
      assertThat(record.partitionKey()).isEqualTo(expected.dynamodb().sequenceNumber());
      assertThat(record.approximateArrivalTimestamp())
          .isEqualTo(expected.dynamodb().approximateCreationDateTime());
      assertThat(record.aggregated()).isFalse();
      // The KCL counts these bytes for its prefetch bound and lease throughput.
      assertThat((long) record.data().remaining()).isEqualTo(expected.dynamodb().sizeBytes());
    }
    assertThat(records.get(5).data().remaining()).isGreaterThan(70_000);
    List<KinesisClientRecord> again = page.records();
    assertThat(again).isNotSameAs(records);
    IntStream.range(0, records.size())
        .forEach(i -> assertThat(again.get(i)).as("converted once").isSameAs(records.get(i)));
    assertThat(page.nextShardIterator()).isNotNull();
    assertThat(page.millisBehindLatest()).isNotNull();
  }

  @Test
  void readsOnTheCallingThread() throws Exception {
    AtomicReference<Thread> reader = new AtomicReference<>();
    SdkRecordAdapterClient client =
        new SdkRecordAdapterClient(
            answering(
                request -> {
                  reader.set(Thread.currentThread());
                  return GetRecordsResponse.builder().records(List.of()).build();
                }),
            Region.US_EAST_1);

    client.getDynamoDBStreamsRecords(GetRecordsRequest.builder().shardIterator("i").build()).get();

    assertThat(reader.get()).isSameAs(Thread.currentThread());
  }

  @Test
  void turnsStreamsErrorsIntoTheKinesisErrorsTheKclHandles() {
    SdkRecordAdapterClient client =
        new SdkRecordAdapterClient(
            answering(
                request -> {
                  throw TrimmedDataAccessException.builder()
                      .message("trimmed")
                      .awsErrorDetails(
                          AwsErrorDetails.builder().errorCode("TrimmedDataAccessException").build())
                      .build();
                }),
            Region.US_EAST_1);
    GetRecordsRequest request = GetRecordsRequest.builder().shardIterator("i").build();

    assertThatThrownBy(() -> client.getDynamoDBStreamsRecords(request).get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ExpiredIteratorException.class);

    client.setSkipRecordsBehavior(SkipRecordsBehavior.KCL_RETRY);
    assertThatThrownBy(() -> client.getDynamoDBStreamsRecords(request).get())
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(UnableToReadMoreRecordsException.class);
  }

  @Test
  void theWorkerLogsEveryRecordInStreamOrderAndCheckpointsTheLastOne() {
    String table = MotoDynamoDb.newTable("sdk-drain", StreamViewType.NEW_AND_OLD_IMAGES);
    IntStream.rangeClosed(1, 250).forEach(i -> MotoDynamoDb.put(table, "item-" + i, "v" + i));
    List<Record> stream = StreamRecords.storedIn(table).records();
    assertThat(stream).hasSize(250);

    // Pages of 100, so a shard's drain spans several reads and checkpoints.
    try (RunningWorker worker =
        RunningWorker.start(table, "sdk-drain-worker", Map.of("MAX_RECORDS", "100"))) {
      List<JsonNode> lines = worker.sink().awaitItems(250, TIMEOUT);

      assertThat(lines)
          .extracting(line -> line.get("sequenceNumber").asText())
          .containsExactlyElementsOf(
              stream.stream().map(record -> record.dynamodb().sequenceNumber()).toList());
      assertThat(lines)
          .extracting(line -> line.get("item").get("value").asText())
          .containsExactlyElementsOf(
              stream.stream()
                  .map(record -> record.dynamodb().newImage().get("value").s())
                  .toList());
      String last = stream.get(249).dynamodb().sequenceNumber();
      Awaitility.await().atMost(TIMEOUT).until(() -> last.equals(checkpoint(table)));
    }
  }

  private static String checkpoint(String table) {
    List<LeaseRow> leases =
        LeaseRows.scan(MotoDynamoDb.clients().dynamoDb(), "ddb-stream-worker-" + table);
    return leases.isEmpty() ? null : leases.get(0).checkpoint();
  }

  /** A streams client whose GetRecords answers as told; nothing else is called. */
  private static DynamoDbStreamsClient answering(
      Function<GetRecordsRequest, GetRecordsResponse> getRecords) {
    return new DynamoDbStreamsClient() {
      @Override
      public GetRecordsResponse getRecords(GetRecordsRequest request) {
        return getRecords.apply(request);
      }

      @Override
      public String serviceName() {
        return SERVICE_NAME;
      }

      @Override
      public void close() {}
    };
  }
}
