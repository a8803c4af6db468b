package io.github.ddbstreamworker.core;

import static org.assertj.core.api.Assertions.assertThat;

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
    pipeline.process(
        List.of(
            record(OperationType.INSERT, "a"),
            record(OperationType.MODIFY, "a"),
            record(OperationType.REMOVE, "a"),
            record(OperationType.INSERT, "b")),
        new RecordSource("arn", "t", "s"));

    assertThat(sink.items())
        .extracting(line -> line.get("keys").get("id").asText())
        .containsExactly("a", "b");
    assertThat(counts.get("INSERT", EventCounts.Outcome.LOGGED)).isEqualTo(2);
    assertThat(counts.get("MODIFY", EventCounts.Outcome.FILTERED)).isEqualTo(1);
    assertThat(counts.get("REMOVE", EventCounts.Outcome.FILTERED)).isEqualTo(1);
  }

  @Test
  void reportsARecordItCannotWriteAndKeepsGoing() {
    Record bad =
        ItemLineFormatterTest.insert(
            Map.of("id", AttributeValue.fromS("bad")), Map.of("n", AttributeValue.fromN("x")));

    pipeline.process(
        List.of(bad, record(OperationType.INSERT, "good")), new RecordSource("arn", "t", "s"));

    assertThat(sink.items())
        .extracting(line -> line.get("keys").get("id").asText())
        .containsExactly("good");
    assertThat(counts.get("INSERT", EventCounts.Outcome.FAILED)).isEqualTo(1);
    assertThat(counts.get("INSERT", EventCounts.Outcome.LOGGED)).isEqualTo(1);
  }
}
