package io.github.ddbstreamworker.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.config.InvalidSettingsException;
import io.github.ddbstreamworker.core.RecordSource;
import io.github.ddbstreamworker.core.failure.FailureDestinationException;
import io.github.ddbstreamworker.core.failure.RecordFailure;
import io.github.ddbstreamworker.testsupport.MotoServer;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import io.github.ddbstreamworker.testsupport.StreamRecords;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The SQS failure destination against moto_server on loopback. */
class SqsFailureDestinationTest {

  private static final RecordSource SHARD =
      new RecordSource(
          "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/label",
          "orders",
          "shardId-00000001-abc");

  private static MotoServer moto;
  private static SqsClient sqs;

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start();
    sqs = client(moto.endpoint());
  }

  @AfterAll
  static void stopMoto() {
    if (sqs != null) {
      sqs.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  private static SqsClient client(URI endpoint) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(Apache5HttpClient.builder())
        .build();
  }

  private static URI createQueue(SqsClient client, String name) {
    return URI.create(client.createQueue(r -> r.queueName(name)).queueUrl());
  }

  private static URI createFifoQueue(String name) {
    return URI.create(
        sqs.createQueue(
                r -> r.queueName(name).attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")))
            .queueUrl());
  }

  private static List<Message> receiveAll(URI queueUrl) {
    return sqs.receiveMessage(
            r ->
                r.queueUrl(queueUrl.toString())
                    .maxNumberOfMessages(10)
                    .waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
        .messages();
  }

  private static RecordFailure failure(String sequenceNumber, Map<String, AttributeValue> item) {
    return new RecordFailure(
        StreamRecords.insert(sequenceNumber, item),
        SHARD,
        RecordFailure.Reason.RETRIES_EXHAUSTED,
        "writing its line failed",
        4);
  }

  private static RecordFailure failure(String sequenceNumber) {
    return failure(sequenceNumber, Map.of("id", AttributeValue.fromS("order-" + sequenceNumber)));
  }

  private static JsonNode body(Message message) {
    return RecordingSink.parse(message.body());
  }

  @Test
  void sendsEachFailureAsOneMessage() throws Exception {
    URI queueUrl = createQueue(sqs, "failures");
    SqsFailureDestination destination = SqsFailureDestination.connect(sqs, queueUrl);

    destination.send(failure("4200"));

    List<Message> messages = receiveAll(queueUrl);
    assertThat(messages).hasSize(1);
    JsonNode body = body(messages.get(0));
    assertThat(body.get("sequenceNumber").asText()).isEqualTo("4200");
    assertThat(body.get("reason").asText()).isEqualTo("retries_exhausted");
    assertThat(body.get("shardId").asText()).isEqualTo(SHARD.shardId());
    assertThat(body.get("record").get("dynamodb").get("NewImage").get("id").get("S").asText())
        .isEqualTo("order-4200");
    assertThat(destination.name()).isEqualTo("sqs");
  }

  @Test
  void onAFifoQueueGroupsByShardAndStoresARepeatedHandOverOnce() throws Exception {
    URI queueUrl = createFifoQueue("failures.fifo");
    SqsFailureDestination destination = SqsFailureDestination.connect(sqs, queueUrl);

    destination.send(failure("4200"));
    destination.send(failure("4200"));
    destination.send(failure("4300"));

    List<Message> messages = receiveAll(queueUrl);
    assertThat(messages)
        .extracting(message -> body(message).get("sequenceNumber").asText())
        .containsExactly("4200", "4300");
    assertThat(messages)
        .allSatisfy(
            message -> {
              assertThat(message.attributes())
                  .containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, SHARD.shardId());
              assertThat(
                      message.attributes().get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                  .isEqualTo(body(message).get("sequenceNumber").asText());
            });
  }

  @Test
  void sendsOnlyTheKeysOfARecordTooLargeForAMessage() throws Exception {
    URI queueUrl = createQueue(sqs, "failures-large");
    SqsFailureDestination destination = SqsFailureDestination.connect(sqs, queueUrl);
    Map<String, AttributeValue> large =
        Map.of(
            "id", AttributeValue.fromS("order-big"),
            "blob", AttributeValue.fromS("x".repeat(SqsFailureDestination.MAX_MESSAGE_BYTES)));

    destination.send(failure("4400", large));

    Message message = receiveAll(queueUrl).get(0);
    assertThat(message.body().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(SqsFailureDestination.MAX_MESSAGE_BYTES);
    JsonNode body = body(message);
    assertThat(body.has("record")).isFalse();
    assertThat(body.get("keys").get("id").get("S").asText()).isEqualTo("order-big");
  }

  @Test
  void refusesAQueueThatDoesNotExistNamingTheSetting() {
    URI missing = moto.endpoint().resolve("/123456789012/no-such-queue");

    assertThatThrownBy(() -> SqsFailureDestination.connect(sqs, missing))
        .isInstanceOfSatisfying(
            InvalidSettingsException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("FAILURE_QUEUE_URL='" + missing + "'")
                    .contains("names no queue"));
  }

  @Test
  void failsToSendOnceTheQueueCannotBeReached() throws Exception {
    MotoServer doomed = MotoServer.start();
    try (SqsClient client = client(doomed.endpoint())) {
      SqsFailureDestination destination =
          SqsFailureDestination.connect(client, createQueue(client, "failures"));

      doomed.close();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> refusesConnections(doomed.endpoint()));

      assertThatThrownBy(() -> destination.send(failure("4500")))
          .isInstanceOf(FailureDestinationException.class)
          .hasMessageContaining("SQS " + doomed.endpoint());
    } finally {
      doomed.close();
    }
  }

  private static boolean refusesConnections(URI endpoint) {
    try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
      return false;
    } catch (IOException refused) {
      return true;
    }
  }
}
