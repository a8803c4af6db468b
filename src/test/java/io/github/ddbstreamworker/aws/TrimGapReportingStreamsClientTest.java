package io.github.ddbstreamworker.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbstreamworker.aws.TrimGapReportingStreamsClient.Gap;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.github.ddbstreamworker.simulator.StreamSpec;
import io.github.ddbstreamworker.simulator.WrittenRecord;
import io.github.ddbstreamworker.testsupport.MovableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The fallback to the oldest record left, on the stream simulator trimming as AWS does: records
 * older than 24 hours are gone, and a request for them answers {@code TrimmedDataAccessException}.
 * The simulator's clock is moved forward instead of waiting a day.
 */
class TrimGapReportingStreamsClientTest {

  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  private final List<Gap> gaps = new CopyOnWriteArrayList<>();
  private final MovableClock clock = new MovableClock();
  private StreamSimulator simulator;
  private AwsClients clients;
  private DynamoDbStreamsClient streams;
  private String streamArn;
  private String shardId;
  private List<String> sequenceNumbers;

  /** Ten records: the first six 23 h 55 min old, ten minutes from the end of their retention. */
  @BeforeEach
  void writeTenRecords() {
    simulator = clock.startSimulator();
    clients = new AwsClients(AwsConnection.local(simulator.endpoint()));
    streams = clients.streams();
    SimulatedStream stream =
        simulator.createStream(StreamSpec.of("gap", "id", StreamViewType.KEYS_ONLY));
    List<WrittenRecord> written = new ArrayList<>();
    IntStream.rangeClosed(1, 6).forEach(i -> written.add(insert(stream, i)));
    clock.advance(Duration.ofHours(13));
    IntStream.rangeClosed(7, 10).forEach(i -> written.add(insert(stream, i)));
    clock.advance(Duration.ofHours(10).plusMinutes(55));
    streamArn = stream.streamArn();
    shardId = written.get(0).shardId();
    sequenceNumbers = written.stream().map(WrittenRecord::sequenceNumber).toList();
  }

  @AfterEach
  void stopSimulator() {
    clients.close();
    simulator.close();
  }

  @Test
  void resumesAtTheOldestRecordLeftAndReportsTheGapWhenTheRequestedPositionWasTrimmed() {
    clock.advance(TEN_MINUTES);
    TrimGapReportingStreamsClient client = new TrimGapReportingStreamsClient(streams, gaps::add);

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
    clock.advance(TEN_MINUTES);
    TrimGapReportingStreamsClient client = new TrimGapReportingStreamsClient(streams, gaps::add);

    List<Record> records = read(client, iteratorAfter(client, sequenceNumbers.get(7)));

    assertThat(records)
        .extracting(record -> record.dynamodb().sequenceNumber())
        .containsExactlyElementsOf(sequenceNumbers.subList(8, 10));
    assertThat(gaps).isEmpty();
  }

  @Test
  void leavesAFailedReadToTheKclWhichThenAsksForAnIteratorAfterTheLastRecordItRead() {
    TrimGapReportingStreamsClient client = new TrimGapReportingStreamsClient(streams, gaps::add);
    String beforeTheTrim = iteratorAfter(client, sequenceNumbers.get(2));
    clock.advance(TEN_MINUTES);

    assertThatThrownBy(() -> client.getRecords(request -> request.shardIterator(beforeTheTrim)))
        .isInstanceOf(TrimmedDataAccessException.class);
    assertThat(gaps).isEmpty();

    List<Record> records = read(client, iteratorAfter(client, sequenceNumbers.get(2)));
    assertThat(records).hasSize(4);
    assertThat(gaps)
        .extracting(Gap::oldestAvailable)
        .containsExactly(Optional.of(sequenceNumbers.get(6)));
  }

  private static WrittenRecord insert(SimulatedStream stream, int i) {
    return stream.insert(Map.of("id", AttributeValue.fromS("item-" + i)));
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

  /** Every record from the iterator on; the shard stays open, so stop at the first empty page. */
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
