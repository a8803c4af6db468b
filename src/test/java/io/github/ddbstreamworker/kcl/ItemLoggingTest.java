package io.github.ddbstreamworker.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.core.EventCounts.Outcome;
import io.github.ddbstreamworker.local.DemoTable;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** The real KCL scheduler and adapter on moto_server: what gets logged, and exactly how. */
@ExtendWith(MotoDynamoDbExtension.class)
class ItemLoggingTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void logsEachNewItemOnceWithExactValuesOfEveryAttributeType() throws Exception {
    String table = MotoDynamoDb.newTable("types", StreamViewType.NEW_AND_OLD_IMAGES);
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("id", AttributeValue.fromS("every-type"));
    item.put(
        "text",
        AttributeValue.fromS("quote \" backslash \\ newline \n tab \t bell \u0007 é 日本 😀"));
    item.put("big", AttributeValue.fromN("12345678901234567890123456789012345678"));
    item.put("huge", AttributeValue.fromN("1E+100"));
    item.put("tiny", AttributeValue.fromN("-0.000000000000000000000000000000000001"));
    item.put(
        "binary", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 255})));
    item.put("flag", AttributeValue.fromBool(false));
    item.put("nothing", AttributeValue.fromNul(true));
    item.put(
        "map",
        AttributeValue.fromM(
            Map.of(
                "nested", AttributeValue.fromM(Map.of("n", AttributeValue.fromN("7"))),
                "list",
                    AttributeValue.fromL(
                        List.of(AttributeValue.fromS("a"), AttributeValue.fromN("1.5"))))));
    item.put(
        "list",
        AttributeValue.fromL(List.of(AttributeValue.fromBool(true), AttributeValue.fromNul(true))));
    item.put("strings", AttributeValue.fromSs(List.of("x", "y")));
    item.put(
        "numbers", AttributeValue.fromNs(List.of("1", "99999999999999999999999999999999999999")));
    item.put("binaries", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("hi"))));
    MotoDynamoDb.put(table, item);

    try (RunningWorker worker = RunningWorker.start(table, "types-worker")) {
      JsonNode line = worker.sink().awaitItems(1, TIMEOUT).get(0);
      String raw = worker.sink().lines().get(0);

      // Numbers keep the exact text the server stores for them, whatever its spelling.
      String storedHuge =
          MotoDynamoDb.clients()
              .dynamoDb()
              .getItem(request -> request.tableName(table).key(Map.of("id", item.get("id"))))
              .item()
              .get("huge")
              .n();
      assertThat(raw).doesNotContain("\n").contains("\"huge\":" + storedHuge + ",");
      assertThat(line.get("type").asText()).isEqualTo("item");
      assertThat(line.get("eventName").asText()).isEqualTo("INSERT");
      assertThat(line.get("table").asText()).isEqualTo(table);
      assertThat(line.get("shardId").asText()).startsWith("shardId-");
      assertThat(line.get("sequenceNumber").asText()).isNotBlank();
      assertThat(line.get("approximateCreationDateTime").asText())
          .matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      assertThat(line.get("keys")).isEqualTo(RecordingSinkJson.object("{\"id\":\"every-type\"}"));

      JsonNode values = line.get("item");
      assertThat(values.get("text").asText()).isEqualTo(item.get("text").s());
      assertThat(values.get("big").decimalValue())
          .isEqualTo(new BigDecimal("12345678901234567890123456789012345678"));
      assertThat(values.get("huge").decimalValue()).isEqualByComparingTo(new BigDecimal("1E+100"));
      assertThat(values.get("tiny").decimalValue())
          .isEqualByComparingTo(new BigDecimal("-0.000000000000000000000000000000000001"));
      assertThat(values.get("binary").asText()).isEqualTo("AAEC/w==");
      assertThat(values.get("flag").isBoolean()).isTrue();
      assertThat(values.get("flag").asBoolean()).isFalse();
      assertThat(values.get("nothing").isNull()).isTrue();
      assertThat(values.get("map"))
          .isEqualTo(RecordingSinkJson.object("{\"nested\":{\"n\":7},\"list\":[\"a\",1.5]}"));
      assertThat(values.get("list")).isEqualTo(RecordingSinkJson.object("[true,null]"));
      assertThat(values.get("strings"))
          .containsExactlyInAnyOrderElementsOf(RecordingSinkJson.object("[\"x\",\"y\"]"));
      assertThat(values.get("numbers").toString())
          .contains("99999999999999999999999999999999999999");
      assertThat(values.get("binaries").get(0).asText()).isEqualTo("aGk=");
      assertThat(worker.sink().lines()).hasSize(1);
    }
  }

  @Test
  void ignoresModifyAndRemoveEvents() {
    String table = MotoDynamoDb.newTable("filter", StreamViewType.NEW_AND_OLD_IMAGES);
    MotoDynamoDb.put(table, "a", "first");
    MotoDynamoDb.clients()
        .dynamoDb()
        .updateItem(
            request ->
                request
                    .tableName(table)
                    .key(Map.of(DemoTable.KEY, AttributeValue.fromS("a")))
                    .updateExpression("SET #v = :v")
                    .expressionAttributeNames(Map.of("#v", "value"))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("updated"))));
    MotoDynamoDb.put(table, "a", "overwritten");
    MotoDynamoDb.clients()
        .dynamoDb()
        .deleteItem(
            request ->
                request.tableName(table).key(Map.of(DemoTable.KEY, AttributeValue.fromS("a"))));
    MotoDynamoDb.put(table, "b", "last");

    try (RunningWorker worker = RunningWorker.start(table, "filter-worker")) {
      worker.sink().awaitItems(2, TIMEOUT);
      org.awaitility.Awaitility.await()
          .atMost(TIMEOUT)
          .until(() -> worker.counts().get("REMOVE", Outcome.FILTERED) == 1);

      assertThat(worker.sink().items())
          .extracting(line -> line.get("item").get("value").asText())
          .containsExactly("first", "last");
      assertThat(worker.counts().get("INSERT", Outcome.LOGGED)).isEqualTo(2);
      assertThat(worker.counts().get("MODIFY", Outcome.FILTERED)).isEqualTo(2);
      assertThat(worker.counts().get("MODIFY", Outcome.LOGGED)).isZero();
      assertThat(worker.counts().get("REMOVE", Outcome.LOGGED)).isZero();
    }
  }

  @Test
  void writesA350KilobyteItemAsOneLine() {
    String table = MotoDynamoDb.newTable("large", StreamViewType.NEW_AND_OLD_IMAGES);
    String payload = "line one\nline \"two\"\t" + "x".repeat(350 * 1024);
    MotoDynamoDb.put(table, "large", payload);

    try (RunningWorker worker = RunningWorker.start(table, "large-worker")) {
      JsonNode line = worker.sink().awaitItems(1, TIMEOUT).get(0);

      assertThat(worker.sink().lines().get(0)).doesNotContain("\n").hasSizeGreaterThan(350 * 1024);
      assertThat(line.get("item").get("value").asText()).isEqualTo(payload);
    }
  }
}
