package io.github.ddbstreamworker.core.failure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ddbstreamworker.core.RecordSource;
import io.github.ddbstreamworker.core.Redaction;
import io.github.ddbstreamworker.testsupport.StreamRecords;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

class FailureMessageTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STREAM_ARN =
      "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000";
  private static final RecordSource SOURCE = new RecordSource(STREAM_ARN, "orders", "shardId-7");
  private static final int ROOMY = 1_000_000;

  private static final Record ORDER =
      StreamRecords.insert(
          "4200",
          Map.of(
              "id", AttributeValue.fromS("order-1"),
              "total", AttributeValue.fromN("12.50"),
              "email", AttributeValue.fromS("ann@example.com")));

  private static RecordFailure exhausted(Record record) {
    return new RecordFailure(
        record, SOURCE, RecordFailure.Reason.RETRIES_EXHAUSTED, "writing its line failed", 4);
  }

  private static JsonNode parse(String body) throws Exception {
    return JSON.readTree(body);
  }

  @Test
  void saysWhereTheRecordWasAndWhyItFailed() throws Exception {
    JsonNode message = parse(FailureMessage.toJson(exhausted(ORDER), ROOMY));

    assertThat(message.get("streamArn").asText()).isEqualTo(STREAM_ARN);
    assertThat(message.get("table").asText()).isEqualTo("orders");
    assertThat(message.get("shardId").asText()).isEqualTo("shardId-7");
    assertThat(message.get("sequenceNumber").asText()).isEqualTo("4200");
    assertThat(message.get("eventName").asText()).isEqualTo("INSERT");
    assertThat(message.get("eventId").asText()).isEqualTo("event-4200");
    assertThat(message.get("approximateCreationDateTime").asText())
        .isEqualTo("2026-01-02T03:04:00Z");
    assertThat(message.get("reason").asText()).isEqualTo("retries_exhausted");
    assertThat(message.get("attempts").asInt()).isEqualTo(4);
    assertThat(message.get("error").asText()).isEqualTo("writing its line failed");
    assertThat(message.has("recordOmitted")).isFalse();
    assertThat(message.has("keys")).isFalse();
  }

  @Test
  void namesARecordTooOldToTryWithZeroAttempts() throws Exception {
    RecordFailure tooOld =
        new RecordFailure(ORDER, SOURCE, RecordFailure.Reason.RECORD_TOO_OLD, "too old", 0);

    JsonNode message = parse(FailureMessage.toJson(tooOld, ROOMY));

    assertThat(message.get("reason").asText()).isEqualTo("record_too_old");
    assertThat(message.get("attempts").asInt()).isZero();
  }

  @Test
  void carriesTheRecordInTheShapeLambdaGivesIt() throws Exception {
    JsonNode record = parse(FailureMessage.toJson(exhausted(ORDER), ROOMY)).get("record");

    assertThat(record.get("eventID").asText()).isEqualTo("event-4200");
    assertThat(record.get("eventName").asText()).isEqualTo("INSERT");
    assertThat(record.get("eventSourceARN").asText()).isEqualTo(STREAM_ARN);
    JsonNode dynamodb = record.get("dynamodb");
    assertThat(dynamodb.get("SequenceNumber").asText()).isEqualTo("4200");
    assertThat(dynamodb.get("Keys").get("id").get("S").asText()).isEqualTo("order-1");
    assertThat(dynamodb.get("NewImage").get("id").get("S").asText()).isEqualTo("order-1");
    assertThat(dynamodb.get("NewImage").get("total").get("N").asText()).isEqualTo("12.50");
    assertThat(dynamodb.get("ApproximateCreationDateTime").decimalValue())
        .isEqualByComparingTo("1767323040");
  }

  @Test
  void givesOnlyTheTypedKeysWhenTheRecordWouldNotFit() throws Exception {
    Record big =
        StreamRecords.insert(
            "4300",
            Map.of(
                "id", AttributeValue.fromS("order-2"),
                "notes", AttributeValue.fromS("n".repeat(5_000))));
    int maxBytes = 2_000;

    String body = FailureMessage.toJson(exhausted(big), maxBytes);

    assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(maxBytes);
    JsonNode message = parse(body);
    assertThat(message.has("record")).isFalse();
    assertThat(message.get("recordOmitted").asText()).isNotBlank();
    assertThat(message.get("keys").get("id").get("S").asText()).isEqualTo("order-2");
    assertThat(message.get("sequenceNumber").asText()).isEqualTo("4300");
    assertThat(message.get("reason").asText()).isEqualTo("retries_exhausted");
  }

  @Test
  void keepsTheWholeRecordWhenTheBodyIsExactlyTheLimit() throws Exception {
    int wholeSize =
        FailureMessage.toJson(exhausted(ORDER), ROOMY).getBytes(StandardCharsets.UTF_8).length;

    assertThat(parse(FailureMessage.toJson(exhausted(ORDER), wholeSize)).has("record")).isTrue();
    assertThat(parse(FailureMessage.toJson(exhausted(ORDER), wholeSize - 1)).has("record"))
        .isFalse();
  }

  @Test
  void countsTheLimitInUtf8BytesNotCharacters() throws Exception {
    Record accented =
        StreamRecords.insert(
            "4400",
            Map.of(
                "id",
                AttributeValue.fromS("order-3"),
                "note",
                AttributeValue.fromS("é".repeat(500))));
    int characters = FailureMessage.toJson(exhausted(accented), ROOMY).length();

    JsonNode message = parse(FailureMessage.toJson(exhausted(accented), characters + 100));

    assertThat(message.has("record")).isFalse();
    assertThat(message.get("keys").get("id").get("S").asText()).isEqualTo("order-3");
  }

  @Test
  void leavesOutWhatWasRedacted() {
    Record redacted = Redaction.parse("email").apply(ORDER);

    String body = FailureMessage.toJson(exhausted(redacted), ROOMY);

    assertThat(body).doesNotContain("ann@example.com").contains(Redaction.REDACTED);
  }

  @Test
  void writesNullWhenTheRecordHasNoCreationTime() throws Exception {
    Record untimed =
        ORDER.toBuilder()
            .dynamodb(ORDER.dynamodb().toBuilder().approximateCreationDateTime(null).build())
            .build();

    JsonNode message = parse(FailureMessage.toJson(exhausted(untimed), ROOMY));

    assertThat(message.get("approximateCreationDateTime").isNull()).isTrue();
    assertThat(message.get("record").get("dynamodb").has("ApproximateCreationDateTime")).isFalse();
  }
}
