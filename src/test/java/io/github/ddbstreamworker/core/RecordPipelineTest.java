package io.github.ddbstreamworker.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbstreamworker.core.filter.FilterCriteria;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;

class RecordPipelineTest {

  private final RecordingSink sink = new RecordingSink();
  private final EventCounts counts = new EventCounts();
  private final RecordPipeline pipeline =
      new RecordPipeline(FilterCriteria.defaultFilter(), sink, counts);

  private static Record record(OperationType type, String id) {
    Record insert =
        ItemLineFormatterTest.insert(
            Map.of("id", AttributeValue.fromS(id)), Map.of("id", AttributeValue.fromS(id)));
    return insert.toBuilder().eventName(type).build();
  }

  @Test
  void logsInsertsAndCountsWhatItLeavesOut() {
    RecordSource source = new RecordSource("arn", "t", "s");
    for (Record record :
        List.of(
            record(OperationType.INSERT, "a"),
            record(OperationType.MODIFY, "a"),
            record(OperationType.REMOVE, "a"),
            record(OperationType.INSERT, "b"))) {
      pipeline.process(record, source);
    }

    assertThat(sink.items())
        .extracting(line -> line.get("keys").get("id").asText())
        .containsExactly("a", "b");
    assertThat(counts.get("INSERT", EventCounts.Outcome.LOGGED)).isEqualTo(2);
    assertThat(counts.get("MODIFY", EventCounts.Outcome.FILTERED)).isEqualTo(1);
    assertThat(counts.get("REMOVE", EventCounts.Outcome.FILTERED)).isEqualTo(1);
  }

  @Test
  void aRecordItCannotWriteFailsWithoutItsContentAndIsNotCounted() {
    Record bad =
        ItemLineFormatterTest.insert(
            Map.of("id", AttributeValue.fromS("bad")), Map.of("n", AttributeValue.fromN("x")));

    assertThatThrownBy(() -> pipeline.process(bad, new RecordSource("arn", "t", "s")))
        .isInstanceOf(RecordFailedException.class)
        .hasMessageContaining("cannot be written as JSON")
        .hasMessageNotContaining("bad");
    assertThat(sink.items()).isEmpty();
    assertThat(counts.get("INSERT", EventCounts.Outcome.FAILED)).isZero();

    pipeline.countFailure(bad);
    assertThat(counts.get("INSERT", EventCounts.Outcome.FAILED)).isEqualTo(1);
  }

  @Test
  void theFilterSeesTheRecordAsItIsAndTheLineSeesItRedacted() {
    RecordPipeline redacting =
        new RecordPipeline(
            FilterCriteria.parse(
                "{\"dynamodb\":{\"NewImage\":{\"email\":{\"S\":[{\"prefix\":\"a\"}]}}}}"),
            Redaction.parse("email"),
            sink,
            counts);
    Record withEmail =
        ItemLineFormatterTest.insert(
            Map.of("id", AttributeValue.fromS("x")),
            Map.of(
                "id", AttributeValue.fromS("x"), "email", AttributeValue.fromS("a@example.com")));

    redacting.process(withEmail, new RecordSource("arn", "t", "s"));

    assertThat(sink.items()).hasSize(1);
    assertThat(sink.items().get(0).get("item").get("email").asText()).isEqualTo(Redaction.REDACTED);
    assertThat(sink.lines().get(0)).doesNotContain("a@example.com");
  }
}
