package io.github.ddbstreamworker.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.EventCounts.Outcome;
import io.github.ddbstreamworker.core.filter.InvalidFilterException;
import io.github.ddbstreamworker.testsupport.LambdaEvents;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Lambda handler on real-shaped DynamoDB stream events, read by the Lambda runtime's
 * serializer.
 */
class StreamHandlerTest {

  private final RecordingSink sink = new RecordingSink();
  private final EventCounts counts = new EventCounts();

  private StreamHandler handler(Map<String, String> environment) {
    return new StreamHandler(environment::get, sink, counts);
  }

  @Test
  void logsNewItemsWithExactValuesAndLeavesOutModifyAndRemove() {
    StreamsEventResponse response =
        handler(Map.of()).handleRequest(LambdaEvents.fixture("dynamodb-batch.json"), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(sink.items())
        .extracting(line -> line.get("keys").get("id").asText())
        .containsExactly("order-1", "order-2");
    JsonNode first = sink.items().get(0);
    assertThat(first.get("eventName").asText()).isEqualTo("INSERT");
    assertThat(first.get("table").asText()).isEqualTo("orders");
    assertThat(first.has("shardId")).isFalse();
    assertThat(first.get("sequenceNumber").asText()).isEqualTo("111000000000000000001");
    assertThat(first.get("approximateCreationDateTime").asText()).isEqualTo("2025-11-22T02:00:00Z");
    JsonNode item = first.get("item");
    assertThat(sink.lines().get(0))
        .contains("\"total\":12345678901234567890123456789012345678")
        .contains("\"huge\":1E+100");
    assertThat(item.get("ratio").decimalValue()).isEqualByComparingTo(new BigDecimal("-1E-36"));
    assertThat(item.get("note").asText())
        .isEqualTo("quote \" backslash \\ newline \n tab \t é 日本 😀");
    assertThat(item.get("photo").asText()).isEqualTo("AAEC/w==");
    assertThat(item.get("paid").asBoolean()).isTrue();
    assertThat(item.get("coupon").isNull()).isTrue();
    assertThat(item.get("address"))
        .isEqualTo(RecordingSink.parse("{\"city\":\"Dublin\",\"geo\":{\"lat\":53.35}}"));
    assertThat(item.get("lines").toString()).isEqualTo("[\"a\",2,{\"sku\":\"x\"}]");
    assertThat(item.get("tags").toString()).isEqualTo("[\"new\",\"priority\"]");
    assertThat(item.get("scores").toString()).isEqualTo("[1,2.5]");
    assertThat(item.get("blobs").toString()).isEqualTo("[\"aGk=\",\"AA==\"]");
    assertThat(counts.get("MODIFY", Outcome.FILTERED)).isEqualTo(1);
    assertThat(counts.get("REMOVE", Outcome.FILTERED)).isEqualTo(1);
  }

  @Test
  void reportsTheFirstFailingRecordAndNothingBeforeIt() {
    StreamsEventResponse response =
        handler(Map.of())
            .handleRequest(LambdaEvents.fixture("dynamodb-batch-with-bad-record.json"), null);

    assertThat(response.getBatchItemFailures())
        .singleElement()
        .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .isEqualTo("111000000000000000005");
    assertThat(sink.items())
        .extracting(line -> line.get("keys").get("id").asText())
        .containsExactly("order-2");
    assertThat(counts.get("INSERT", Outcome.FAILED)).isEqualTo(1);
  }

  @Test
  void filtersWithFilterCriteriaFromTheEnvironment() {
    String expiredByTtl =
        "{\"Filters\":[{\"Pattern\":\"{\\\"eventName\\\":[\\\"REMOVE\\\"],"
            + "\\\"userIdentity\\\":{\\\"principalId\\\":[\\\"dynamodb.amazonaws.com\\\"]}}\"}]}";

    handler(Map.of("FILTER_CRITERIA", expiredByTtl))
        .handleRequest(LambdaEvents.fixture("dynamodb-batch.json"), null);

    assertThat(sink.items())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.get("eventName").asText()).isEqualTo("REMOVE");
              assertThat(line.get("keys").get("id").asText()).isEqualTo("order-0");
              assertThat(line.has("item")).isFalse();
            });
  }

  @Test
  void refusesToStartWithBadFilterCriteria() {
    assertThatThrownBy(
            () ->
                handler(Map.of("FILTER_CRITERIA", "{\"Filters\":[{\"Pattern\":\"{\\\"a\\\":\"}]}")))
        .isInstanceOf(InvalidFilterException.class)
        .hasMessageContaining("filter 0");
  }
}
