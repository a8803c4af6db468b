package io.github.ddbstreamworker.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.aws.SqsFailureDestination;
import io.github.ddbstreamworker.core.ItemSink;
import io.github.ddbstreamworker.core.failure.FailureDestination;
import io.github.ddbstreamworker.core.failure.LogOnlyDestination;
import io.github.ddbstreamworker.metrics.MeterNames;
import io.github.ddbstreamworker.status.StreamStatusReader;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.MotoServer;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A record whose line cannot be written, with the real worker on the run's moto_server and an SQS
 * queue in a moto_server of its own: retried, sent to the queue, passed; and while the queue is
 * down, waited on.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class FailureHandlingTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String POISON = "poison";
  private static final Map<String, String> FAST_RETRIES = Map.of("MAX_RETRY_ATTEMPTS", "2");

  @Test
  void aRecordThatKeepsFailingGoesToTheQueueAndTheShardMovesOn() {
    try (MotoServer moto = MotoServer.start();
        SqsClient sqs = moto.sqs()) {
      String queueUrl = sqs.createQueue(request -> request.queueName("failures")).queueUrl();
      String table = MotoDynamoDb.newTable("failing", StreamViewType.NEW_AND_OLD_IMAGES);
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      try (RunningWorker worker =
          RunningWorker.start(
              table,
              "failing-worker",
              FAST_RETRIES,
              meters,
              SqsFailureDestination.connect(sqs, URI.create(queueUrl)),
              failingOn(POISON))) {
        MotoDynamoDb.put(table, "a", "fine");
        MotoDynamoDb.put(table, "b", POISON);
        MotoDynamoDb.put(table, "c", "fine");

        List<JsonNode> lines = worker.sink().awaitItems(2, TIMEOUT);
        List<JsonNode> failures = awaitMessages(sqs, queueUrl, 1);

        assertThat(lines)
            .extracting(line -> line.get("keys").get("id").asText())
            .containsExactly("a", "c");
        JsonNode failure = failures.get(0);
        assertThat(failure.get("reason").asText()).isEqualTo("retries_exhausted");
        assertThat(failure.get("attempts").asInt()).isEqualTo(3);
        assertThat(failure.get("table").asText()).isEqualTo(table);
        assertThat(
                failure.get("record").get("dynamodb").get("NewImage").get("id").get("S").asText())
            .isEqualTo("b");
        assertThat(failedRecords(meters, "retries_exhausted", "sqs")).isEqualTo(1);
      }
    }
  }

  @Test
  void whileTheQueueIsDownTheShardWaitsAtTheRecordAndLosesNothing() throws InterruptedException {
    MotoServer moto = MotoServer.start();
    int port = moto.port();
    String queueUrl;
    try (SqsClient sqs = moto.sqs()) {
      queueUrl = sqs.createQueue(request -> request.queueName("failures")).queueUrl();
    }
    String table = MotoDynamoDb.newTable("waiting", StreamViewType.NEW_AND_OLD_IMAGES);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    SqsClient sqs = moto.sqs();
    try (RunningWorker worker =
        RunningWorker.start(
            table,
            "waiting-worker",
            FAST_RETRIES,
            meters,
            SqsFailureDestination.connect(sqs, URI.create(queueUrl)),
            failingOn(POISON))) {
      MotoDynamoDb.put(table, "a", "fine");
      worker.sink().awaitItems(1, TIMEOUT);
      moto.close();

      MotoDynamoDb.put(table, "b", POISON);
      MotoDynamoDb.put(table, "c", "fine");
      Awaitility.await().atMost(TIMEOUT).until(() -> blockedShards(meters) == 1);
      pause(Duration.ofSeconds(3));
      assertThat(worker.sink().items()).hasSize(1);
      assertThat(destinationErrors(meters)).isGreaterThan(0);
      assertThat(worker.worker().health().ok()).as("waiting is not stuck").isTrue();
      assertThat(statusWarnings(worker))
          .anySatisfy(warning -> assertThat(warning).contains("failure destination"));

      try (MotoServer back = MotoServer.start(port);
          SqsClient newSqs = back.sqs()) {
        newSqs.createQueue(request -> request.queueName("failures"));
        List<JsonNode> lines = worker.sink().awaitItems(2, TIMEOUT);
        List<JsonNode> failures = awaitMessages(newSqs, queueUrl, 1);

        assertThat(lines)
            .extracting(line -> line.get("keys").get("id").asText())
            .containsExactly("a", "c");
        assertThat(failures.get(0).get("sequenceNumber").asText()).isNotBlank();
        assertThat(blockedShards(meters)).isZero();
        assertThat(statusWarnings(worker))
            .noneSatisfy(warning -> assertThat(warning).contains("failure destination"));
      }
    } finally {
      sqs.close();
    }
  }

  @Test
  void aStopWhileWaitingLeavesTheRecordForTheNextWorker() {
    MotoServer moto = MotoServer.start();
    String queueUrl;
    try (SqsClient sqs = moto.sqs()) {
      queueUrl = sqs.createQueue(request -> request.queueName("failures")).queueUrl();
    }
    String table = MotoDynamoDb.newTable("handover", StreamViewType.NEW_AND_OLD_IMAGES);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (SqsClient sqs = moto.sqs()) {
      RunningWorker first =
          RunningWorker.start(
              table,
              "handover-1",
              FAST_RETRIES,
              meters,
              SqsFailureDestination.connect(sqs, URI.create(queueUrl)),
              failingOn(POISON));
      MotoDynamoDb.put(table, "a", "fine");
      first.sink().awaitItems(1, TIMEOUT);
      moto.close();
      MotoDynamoDb.put(table, "b", POISON);
      MotoDynamoDb.put(table, "c", "fine");
      Awaitility.await().atMost(TIMEOUT).until(() -> blockedShards(meters) == 1);
      long stopping = System.nanoTime();
      first.close();
      Duration stop = Duration.ofNanos(System.nanoTime() - stopping);
      assertThat(first.sink().items()).hasSize(1);
      assertThat(stop).isLessThan(Duration.ofSeconds(15));
    }

    List<String> handedOver = new ArrayList<>();
    FailureDestination recording =
        new FailureDestination() {
          @Override
          public void send(io.github.ddbstreamworker.core.failure.RecordFailure failure) {
            handedOver.add(failure.record().dynamodb().keys().get("id").s());
            new LogOnlyDestination().send(failure);
          }

          @Override
          public String name() {
            return "recording";
          }
        };
    try (RunningWorker second =
        RunningWorker.start(
            table,
            "handover-2",
            FAST_RETRIES,
            new SimpleMeterRegistry(),
            recording,
            failingOn(POISON))) {
      List<JsonNode> lines = second.sink().awaitItems(1, TIMEOUT);

      assertThat(lines)
          .extracting(line -> line.get("keys").get("id").asText())
          .containsExactly("c");
      assertThat(handedOver).containsExactly("b");
    }
  }

  private static List<String> statusWarnings(RunningWorker worker) throws InterruptedException {
    return new StreamStatusReader(
            MotoDynamoDb.clients().dynamoDb(), MotoDynamoDb.clients().streams())
        .read(
            worker.worker().stream().streamArn(),
            "ddb-stream-worker-" + worker.worker().stream().tableName(),
            Duration.ZERO,
            10,
            Duration.ofHours(1))
        .warnings();
  }

  /** Lines containing the marker fail to be written, every time. */
  private static UnaryOperator<ItemSink> failingOn(String marker) {
    return sink ->
        new ItemSink() {
          @Override
          public void accept(String line) {
            if (line.contains(marker)) {
              throw new IllegalStateException("the sink refuses this line");
            }
            sink.accept(line);
          }

          @Override
          public void flush() {
            sink.flush();
          }
        };
  }

  private static List<JsonNode> awaitMessages(SqsClient sqs, String queueUrl, int count) {
    List<JsonNode> bodies = new ArrayList<>();
    Awaitility.await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              for (Message message :
                  sqs.receiveMessage(request -> request.queueUrl(queueUrl).maxNumberOfMessages(10))
                      .messages()) {
                bodies.add(RecordingSink.parse(message.body()));
              }
              return bodies.size() >= count;
            });
    return bodies;
  }

  private static double failedRecords(
      SimpleMeterRegistry meters, String reason, String destination) {
    Counter counter =
        meters
            .find(MeterNames.FAILED_RECORDS)
            .tag(MeterNames.TAG_REASON, reason)
            .tag(MeterNames.TAG_DESTINATION, destination)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private static double destinationErrors(SimpleMeterRegistry meters) {
    Counter counter = meters.find(MeterNames.DESTINATION_ERRORS).counter();
    return counter == null ? 0 : counter.count();
  }

  private static double blockedShards(SimpleMeterRegistry meters) {
    Gauge gauge = meters.find(MeterNames.BLOCKED_SHARDS).gauge();
    return gauge == null ? -1 : gauge.value();
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
