package io.github.ddbstreamworker.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.ddbstreamworker.aws.TrimGapReportingStreamsClient;
import io.github.ddbstreamworker.metrics.MeterNames;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import io.github.ddbstreamworker.testsupport.StreamRecords;
import io.github.ddbstreamworker.testsupport.StreamRecords.StoredShard;
import io.github.ddbstreamworker.testsupport.TrimmingStreamsClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A worker away longer than the stream's 24 h retention: the records after its checkpoint are
 * partly gone. DynamoDB Local never trims, so a {@link TrimmingStreamsClient} answers as the
 * service would.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class TrimmedHistoryTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger rootLog = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void captureLog() {
    logged.start();
    rootLog.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    rootLog.detachAppender(logged);
  }

  @Test
  void continuesFromTheOldestAvailableRecordAndReportsTheGapWhenTheCheckpointWasTrimmed() {
    String table = MotoDynamoDb.newTable("trimmed", StreamViewType.NEW_AND_OLD_IMAGES);
    writeItems(table, 1, 10);
    try (RunningWorker first = RunningWorker.start(table, "trimmed-worker-1")) {
      first.sink().awaitItems(10, TIMEOUT);
    }
    writeItems(table, 11, 30);
    StoredShard shard = StreamRecords.storedIn(table);
    Map<String, String> sequenceNumbers = sequenceNumbersById(shard);
    String checkpoint = checkpoint(table, shard.shardId());
    assertThat(checkpoint).isEqualTo(sequenceNumbers.get("item-10"));
    String oldestKept = sequenceNumbers.get("item-21");

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (RunningWorker second =
        RunningWorker.start(
            table,
            "trimmed-worker-2",
            meters,
            TrimmingStreamsClient.trimmedBefore(shard.shardId(), oldestKept))) {
      second.sink().awaitItems(10, TIMEOUT);
      pause(Duration.ofSeconds(2));

      assertThat(second.sink().items())
          .extracting(line -> line.get("keys").get("id").asText())
          .containsExactlyElementsOf(
              IntStream.rangeClosed(21, 30).mapToObj(i -> "item-" + i).toList());
      assertThat(gapErrors())
          .singleElement()
          .asString()
          .contains(shard.shardId())
          .contains(checkpoint)
          .contains(oldestKept);
      Counter gaps =
          meters
              .find(MeterNames.TRIMMED_GAPS)
              .tag(MeterNames.TAG_SHARD_ID, shard.shardId())
              .counter();
      assertThat(gaps).isNotNull();
      assertThat(gaps.count()).isEqualTo(1.0);
    }
    assertThat(checkpoint(table, shard.shardId()))
        .as("checkpointed at the last record read, past the gap")
        .isEqualTo(sequenceNumbers.get("item-30"));
  }

  /** The shard's checkpoint in the application's lease table (named after the table by default). */
  private static String checkpoint(String table, String shardId) {
    return MotoDynamoDb.clients()
        .dynamoDb()
        .getItem(
            request ->
                request
                    .tableName("ddb-stream-worker-" + table)
                    .key(Map.of("leaseKey", AttributeValue.fromS(shardId)))
                    .consistentRead(true))
        .item()
        .get("checkpoint")
        .s();
  }

  private List<String> gapErrors() {
    return logged.list.stream()
        .filter(event -> event.getLevel() == Level.ERROR)
        .filter(
            event -> event.getLoggerName().equals(TrimGapReportingStreamsClient.class.getName()))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  /** The sequence number of each item's record in the table's shard, by the item's id. */
  private static Map<String, String> sequenceNumbersById(StoredShard shard) {
    Map<String, String> sequenceNumbers = new LinkedHashMap<>();
    for (Record record : shard.records()) {
      sequenceNumbers.put(
          record.dynamodb().keys().get("id").s(), record.dynamodb().sequenceNumber());
    }
    return sequenceNumbers;
  }

  private static void writeItems(String table, int from, int to) {
    IntStream.rangeClosed(from, to)
        .forEach(
            i ->
                MotoDynamoDb.put(
                    table,
                    Map.of(
                        "id", AttributeValue.fromS("item-" + i),
                        "value", AttributeValue.fromS(String.valueOf(i)))));
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
