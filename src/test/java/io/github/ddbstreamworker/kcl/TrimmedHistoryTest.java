package io.github.ddbstreamworker.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.ddbstreamworker.aws.TrimGapReportingStreamsClient;
import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import io.github.ddbstreamworker.metrics.MeterNames;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.github.ddbstreamworker.simulator.StreamSpec;
import io.github.ddbstreamworker.simulator.WrittenRecord;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.MovableClock;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A worker away longer than the stream's 24 h retention, on the stream simulator, whose clock the
 * test moves forward: the records after its checkpoint are partly gone, and the stream answers
 * {@code TrimmedDataAccessException} as AWS does ("DynamoDB Streams", data retention: "all data in
 * DynamoDB Streams is subject to a 24-hour lifetime").
 */
@ExtendWith(MotoDynamoDbExtension.class)
class TrimmedHistoryTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger rootLog = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final MovableClock clock = new MovableClock();
  private StreamSimulator simulator;

  @BeforeEach
  void start() {
    logged.start();
    rootLog.addAppender(logged);
    simulator = clock.startSimulator();
  }

  @AfterEach
  void stop() {
    rootLog.detachAppender(logged);
    simulator.close();
  }

  @Test
  void continuesFromTheOldestAvailableRecordAndReportsTheGapWhenTheCheckpointWasTrimmed() {
    SimulatedStream stream =
        simulator.createStream(
            StreamSpec.of(
                MotoDynamoDb.uniqueName("trimmed"), "id", StreamViewType.NEW_AND_OLD_IMAGES));
    List<WrittenRecord> written = write(stream, 1, 10);
    try (RunningWorker first =
        RunningWorker.onSimulatedStream(
            simulator, stream.streamArn(), "trimmed-worker-1", Map.of())) {
      first.sink().awaitItems(10, TIMEOUT);
    }
    String shardId = written.get(0).shardId();
    String checkpoint = checkpoint(stream.tableName(), shardId);
    assertThat(checkpoint).isEqualTo(written.get(9).sequenceNumber());

    written.addAll(write(stream, 11, 20));
    clock.advance(Duration.ofHours(13));
    written.addAll(write(stream, 21, 30));
    clock.advance(Duration.ofHours(12));
    String oldestKept = written.get(20).sequenceNumber();

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (RunningWorker second =
        RunningWorker.onSimulatedStream(
            simulator, stream.streamArn(), "trimmed-worker-2", Map.of(), meters)) {
      second.sink().awaitItems(10, TIMEOUT);
      pause(Duration.ofSeconds(2));

      assertThat(second.sink().items())
          .extracting(line -> line.get("keys").get("id").asText())
          .containsExactlyElementsOf(
              IntStream.rangeClosed(21, 30).mapToObj(i -> "item-" + i).toList());
      assertThat(gapErrors())
          .singleElement()
          .asString()
          .contains(shardId)
          .contains(checkpoint)
          .contains(oldestKept);
      Counter gaps =
          meters.find(MeterNames.TRIMMED_GAPS).tag(MeterNames.TAG_SHARD_ID, shardId).counter();
      assertThat(gaps).isNotNull();
      assertThat(gaps.count()).isEqualTo(1.0);
    }
    assertThat(checkpoint(stream.tableName(), shardId))
        .as("checkpointed at the last record read, past the gap")
        .isEqualTo(written.get(29).sequenceNumber());
  }

  /** The shard's checkpoint in the application's lease table (named after the table by default). */
  private static String checkpoint(String table, String shardId) {
    Map<String, AttributeValue> lease =
        MotoDynamoDb.clients()
            .dynamoDb()
            .getItem(
                request ->
                    request
                        .tableName("ddb-stream-worker-" + table)
                        .key(LeaseRows.key(shardId))
                        .consistentRead(true))
            .item();
    return LeaseRows.read(lease).checkpoint();
  }

  private List<String> gapErrors() {
    return logged.list.stream()
        .filter(event -> event.getLevel() == Level.ERROR)
        .filter(
            event -> event.getLoggerName().equals(TrimGapReportingStreamsClient.class.getName()))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private static List<WrittenRecord> write(SimulatedStream stream, int from, int to) {
    return IntStream.rangeClosed(from, to)
        .mapToObj(
            i ->
                stream.insert(
                    Map.of(
                        "id", AttributeValue.fromS("item-" + i),
                        "value", AttributeValue.fromS(String.valueOf(i)))))
        .collect(Collectors.toCollection(ArrayList::new));
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
