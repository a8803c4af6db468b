package io.github.ddbstreamworker.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.core.filter.FilterCriteria;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/** A snapshot's item goes through the stream's filter and redaction, into a snapshot line. */
class SnapshotLineTest {

  private static final Instant START = Instant.parse("2026-12-02T07:00:00.123Z");
  private static final RecordSource SOURCE = new RecordSource("arn", "orders", null);

  private final RecordingSink sink = new RecordingSink();

  private static Record asInsert(String id, String email) {
    Map<String, AttributeValue> keys = Map.of("id", AttributeValue.fromS(id));
    return Record.builder()
        .eventName(OperationType.INSERT)
        .eventSource("aws:dynamodb")
        .dynamodb(
            StreamRecord.builder()
                .keys(keys)
                .newImage(
                    Map.of(
                        "id", AttributeValue.fromS(id),
                        "email", AttributeValue.fromS(email),
                        "total", AttributeValue.fromN("12.50")))
                .build())
        .build();
  }

  @Test
  void aSnapshotLineHoldsTheTableTheSnapshotStartTheKeysAndTheItemAndNoStreamFields() {
    RecordPipeline pipeline =
        new RecordPipeline(FilterCriteria.defaultFilter(), sink, new EventCounts());

    pipeline.processSnapshotItem(asInsert("a", "a@example.com"), SOURCE, START);

    JsonNode line = sink.items().get(0);
    assertThat(line.get("type").asText()).isEqualTo("snapshot");
    assertThat(line.get("table").asText()).isEqualTo("orders");
    assertThat(line.get("snapshotStart").asText()).isEqualTo("2026-12-02T07:00:00.123Z");
    assertThat(line.get("keys").get("id").asText()).isEqualTo("a");
    assertThat(line.get("item").get("total").decimalValue()).isEqualByComparingTo("12.50");
    assertThat(line.has("eventName")).isFalse();
    assertThat(line.has("sequenceNumber")).isFalse();
    assertThat(sink.lines().get(0)).startsWith("{\"type\":\"snapshot\"");
  }

  @Test
  void redactionAppliesToSnapshotLinesAndTheFilterSeesTheItemAsAnInsert() {
    RecordPipeline pipeline =
        new RecordPipeline(
            FilterCriteria.parse(
                "{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"NewImage\":{\"email\":{\"S\":"
                    + "[{\"suffix\":\"@example.com\"}]}}}}"),
            Redaction.of(List.of("email")),
            sink,
            new EventCounts());

    EventCounts.Outcome kept =
        pipeline.processSnapshotItem(asInsert("a", "a@example.com"), SOURCE, START);
    EventCounts.Outcome left =
        pipeline.processSnapshotItem(asInsert("b", "b@elsewhere.org"), SOURCE, START);

    assertThat(kept).isEqualTo(EventCounts.Outcome.LOGGED);
    assertThat(left).isEqualTo(EventCounts.Outcome.FILTERED);
    assertThat(sink.items()).hasSize(1);
    assertThat(sink.items().get(0).get("item").get("email").asText()).isEqualTo(Redaction.REDACTED);
  }

  @Test
  void aFilterOfChangesOnlyLeavesEverySnapshotItemOut() {
    RecordPipeline pipeline =
        new RecordPipeline(
            FilterCriteria.parse("{\"eventName\":[\"MODIFY\",\"REMOVE\"]}"),
            sink,
            new EventCounts());

    assertThat(pipeline.processSnapshotItem(asInsert("a", "x"), SOURCE, START))
        .isEqualTo(EventCounts.Outcome.FILTERED);
    assertThat(sink.items()).isEmpty();
  }
}
