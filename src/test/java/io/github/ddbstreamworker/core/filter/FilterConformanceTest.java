package io.github.ddbstreamworker.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.DynamodbEventTransformer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ddbstreamworker.core.RecordSource;
import io.github.ddbstreamworker.testsupport.LambdaEvents;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Lambda's documented filtering behaviour for DynamoDB, case by case, from {@code
 * filter-conformance.json}: each case is a pattern, a record as Lambda shows it to a function, and
 * whether Lambda delivers it.
 */
class FilterConformanceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> cases() throws IOException {
    try (InputStream file =
        FilterConformanceTest.class.getResourceAsStream("/filter-conformance.json")) {
      List<Arguments> cases = new ArrayList<>();
      for (JsonNode conformance : JSON.readTree(file)) {
        cases.add(
            Arguments.of(
                conformance.get("name").asText(),
                conformance.get("pattern"),
                conformance.get("record"),
                conformance.get("matches").asBoolean()));
      }
      return cases.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesAsLambdaDoes(String name, JsonNode pattern, JsonNode record, boolean matches) {
    EventPatternFilter filter = FilterCriteria.parse(pattern.toString());

    assertThat(filter.matches(record)).as(name).isEqualTo(matches);
  }

  /**
   * The same decision on the worker's path: the record read by the Lambda runtime's serializer,
   * turned into the SDK record both deployments process, and shaped back for matching. Records
   * holding a JSON null where the stream never has one cannot take this path.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decidesTheSameOnTheRecordBothDeploymentsProcess(
      String name, JsonNode pattern, JsonNode record, boolean matches) {
    if (record.toString().contains(":null")) {
      return;
    }
    ObjectNode event = JSON.createObjectNode();
    event.putArray("Records").add(record);
    DynamodbEvent delivered = LambdaEvents.fromJson(event.toString());
    Record sdkRecord = DynamodbEventTransformer.toRecordsV2(delivered).get(0);
    RecordSource source = new RecordSource(record.path("eventSourceARN").asText(null), null, null);

    assertThat(FilterCriteria.parse(pattern.toString()).accepts(sdkRecord, source))
        .as(name)
        .isEqualTo(matches);
  }
}
