package io.github.ddbstreamworker.kcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Items at DynamoDB's limits (size, nesting, number range, empty and binary values) go through the
 * real worker and come out exactly; what the server rejects never reaches the stream.
 *
 * <p>moto_server validates less than DynamoDB: it accepts nesting deeper than 32 levels and empty
 * binary sets, so those rejections are not tested here, and its size limit is 405,000 bytes where
 * DynamoDB's is 409,600 (400 KiB), so the largest item is moto's largest.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class ItemLimitsTest {

  /**
   * The largest item moto_server accepts, counted as DynamoDB does: the UTF-8 lengths of attribute
   * names plus values. DynamoDB's own limit is a little higher, 400 KiB.
   */
  private static final int MAX_ITEM_BYTES = 405_000;

  /** The top-level attribute is level 1; DynamoDB allows a leaf at level 32 and no deeper. */
  private static final int MAX_NESTING_LEVELS = 32;

  private static final String MAX_NUMBER = "9.9999999999999999999999999999999999999E+125";
  private static final String MIN_NUMBER = "-9.9999999999999999999999999999999999999E+125";
  private static final String SMALLEST_POSITIVE = "1E-130";
  private static final String SMALLEST_NEGATIVE = "-1E-130";
  private static final String THIRTY_EIGHT_DIGITS = "-12345678901234567890.123456789012345678";

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static final Map<String, Map<String, AttributeValue>> written = new LinkedHashMap<>();
  private static final Map<String, Throwable> rejections = new LinkedHashMap<>();
  private static final Map<String, JsonNode> logged = new LinkedHashMap<>();
  private static final Map<String, String> stored = new LinkedHashMap<>();
  private static List<String> lines;
  private static String maximalValue;

  @BeforeAll
  static void writeEveryItemThenLogThemWithOneWorker() {
    String table = MotoDynamoDb.newTable("limits", StreamViewType.NEW_AND_OLD_IMAGES);

    // The rejected writes go first: the stream is one ordered shard, so once every accepted item
    // is logged, anything a rejected write had put in the stream would have been logged too.
    maximalValue = valueFilling("max-size", "value", MAX_ITEM_BYTES);
    reject(table, item("over-size", "value", AttributeValue.fromS(maximalValue + "x")));
    reject(table, item("empty-ss", "set", AttributeValue.builder().ss(List.of()).build()));
    reject(table, item("empty-ns", "set", AttributeValue.builder().ns(List.of()).build()));

    accept(table, item("max-size", "value", AttributeValue.fromS(maximalValue)));
    accept(table, item("deep-32", "deep", nested(MAX_NESTING_LEVELS)));
    Map<String, AttributeValue> numbers = new LinkedHashMap<>();
    numbers.put("id", AttributeValue.fromS("numbers"));
    numbers.put("max", AttributeValue.fromN(MAX_NUMBER));
    numbers.put("min", AttributeValue.fromN(MIN_NUMBER));
    numbers.put("smallestPositive", AttributeValue.fromN(SMALLEST_POSITIVE));
    numbers.put("smallestNegative", AttributeValue.fromN(SMALLEST_NEGATIVE));
    numbers.put("digits38", AttributeValue.fromN(THIRTY_EIGHT_DIGITS));
    accept(table, numbers);
    accept(
        table,
        item(
            "number-set",
            "set",
            AttributeValue.fromNs(
                List.of(MAX_NUMBER, MIN_NUMBER, SMALLEST_POSITIVE, SMALLEST_NEGATIVE))));
    Map<String, AttributeValue> empty = new LinkedHashMap<>();
    empty.put("id", AttributeValue.fromS("empty"));
    empty.put("string", AttributeValue.fromS(""));
    empty.put("list", AttributeValue.fromL(List.of()));
    empty.put("map", AttributeValue.fromM(Map.of()));
    empty.put("binary", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0])));
    accept(table, empty);
    accept(
        table, item("binary", "bytes", AttributeValue.fromB(SdkBytes.fromByteArray(allBytes()))));
    accept(
        table,
        item(
            "binary-set",
            "set",
            AttributeValue.fromBs(
                List.of(
                    SdkBytes.fromByteArray(new byte[] {0}),
                    SdkBytes.fromByteArray(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1})))));
    accept(table, item("unicode", "set", AttributeValue.fromSs(unicodeStrings())));

    try (RunningWorker worker = RunningWorker.start(table, "limits-worker")) {
      worker.sink().awaitItems(written.size(), TIMEOUT);
      lines = worker.sink().lines();
    }
    for (String line : lines) {
      JsonNode parsed = RecordingSink.parse(line);
      logged.put(parsed.get("keys").get("id").asText(), parsed.get("item"));
    }
    for (String attribute :
        List.of("max", "min", "smallestPositive", "smallestNegative", "digits38")) {
      stored.put(attribute, storedNumber(table, "numbers", attribute));
    }
  }

  @Test
  void logsEachAcceptedItemOnceAndNothingThatDynamoDbRejected() {
    assertThat(lines).hasSize(written.size());
    assertThat(logged.keySet()).doesNotContainAnyElementsOf(rejections.keySet());
    assertThat(logged.keySet()).containsExactlyInAnyOrderElementsOf(written.keySet());
  }

  @Test
  void logsAnItemOfExactlyTheMaximumSizeWhole() {
    assertThat(utf8Size(written.get("max-size"))).isEqualTo(MAX_ITEM_BYTES);
    String value = logged.get("max-size").get("value").asText();

    // Lengths and the first differing index: shorter to report than two 400 KB strings.
    assertThat(utf8Length(value)).isEqualTo(utf8Length(maximalValue));
    assertThat(value.length()).isEqualTo(maximalValue.length());
    assertThat(Arrays.mismatch(value.toCharArray(), maximalValue.toCharArray())).isEqualTo(-1);
  }

  @Test
  void dynamoDbRejectsAnItemOneByteOverTheMaximumSize() {
    assertRejected("over-size", "Item size has exceeded the maximum allowed size");
  }

  @Test
  void logsNestingAtTheMaximumDepthWithItsLeaf() {
    JsonNode deep = logged.get("deep-32").get("deep");

    assertThat(levels(deep)).isEqualTo(MAX_NESTING_LEVELS);
    assertThat(deep).isEqualTo(expectedNesting(MAX_NESTING_LEVELS));
  }

  @Test
  void logsTheLargestAndSmallestNumbersExactly() {
    JsonNode item = logged.get("numbers");

    assertNumber(item.get("max"), MAX_NUMBER);
    assertNumber(item.get("min"), MIN_NUMBER);
    assertNumber(item.get("smallestPositive"), SMALLEST_POSITIVE);
    assertNumber(item.get("smallestNegative"), SMALLEST_NEGATIVE);
    assertNumber(item.get("digits38"), THIRTY_EIGHT_DIGITS);
    // JSON numbers with the digits the server stored, not strings.
    String line = lines.stream().filter(l -> l.contains("\"id\":\"numbers\"")).findFirst().get();
    stored.forEach(
        (attribute, digits) ->
            assertThat(line)
                .containsPattern("\"" + attribute + "\":" + Pattern.quote(digits) + "[,}]"));
  }

  @Test
  void logsANumberSetOfTheExtremeNumbersExactly() {
    JsonNode set = logged.get("number-set").get("set");

    assertThat(set).allSatisfy(member -> assertThat(member.isNumber()).isTrue());
    assertThat(StreamSupport.stream(set.spliterator(), false).map(JsonNode::decimalValue))
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactlyInAnyOrder(
            new BigDecimal(MAX_NUMBER),
            new BigDecimal(MIN_NUMBER),
            new BigDecimal(SMALLEST_POSITIVE),
            new BigDecimal(SMALLEST_NEGATIVE));
  }

  @Test
  void logsAnEmptyStringListMapAndBinary() {
    JsonNode item = logged.get("empty");

    assertThat(item.get("string").isTextual()).isTrue();
    assertThat(item.get("string").asText()).isEmpty();
    assertThat(item.get("list")).isEqualTo(RecordingSink.JSON.createArrayNode());
    assertThat(item.get("map")).isEqualTo(RecordingSink.JSON.createObjectNode());
    assertThat(item.get("binary").isTextual()).isTrue();
    assertThat(item.get("binary").asText()).isEmpty();
  }

  @Test
  void dynamoDbRejectsEmptyStringAndNumberSetsSoNoneCanReachTheStream() {
    assertRejected("empty-ss", "An string set  may not be empty");
    assertRejected("empty-ns", "An number set  may not be empty");
  }

  @Test
  void logsEveryByteValueOfABinaryAsBase64() {
    String base64 = logged.get("binary").get("bytes").asText();

    assertThat(Base64.getDecoder().decode(base64)).isEqualTo(allBytes());
  }

  @Test
  void logsEachMemberOfABinarySetAsBase64() {
    JsonNode set = logged.get("binary-set").get("set");

    assertThat(set)
        .extracting(member -> Arrays.toString(Base64.getDecoder().decode(member.asText())))
        .containsExactlyInAnyOrder("[0]", "[-1, -2, 0, 1]");
  }

  @Test
  void logsUnicodeStringSetMembersUnchanged() {
    JsonNode set = logged.get("unicode").get("set");

    // Code points, so that a lost NUL or a normalised accent shows in the failure message.
    assertThat(set)
        .extracting(member -> codePoints(member.asText()))
        .containsExactlyInAnyOrderElementsOf(
            unicodeStrings().stream().map(ItemLimitsTest::codePoints).toList());
  }

  private static void accept(String table, Map<String, AttributeValue> item) {
    MotoDynamoDb.put(table, item);
    written.put(item.get("id").s(), item);
  }

  private static void reject(String table, Map<String, AttributeValue> item) {
    Throwable error = catchThrowable(() -> MotoDynamoDb.put(table, item));
    rejections.put(item.get("id").s(), error);
  }

  private static void assertRejected(String id, String reason) {
    assertThat(rejections.get(id))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              assertThat(e.awsErrorDetails().errorMessage()).contains(reason);
            });
  }

  private static void assertNumber(JsonNode logged, String expected) {
    assertThat(logged.isNumber()).as("%s is a JSON number", logged).isTrue();
    assertThat(new BigDecimal(logged.asText())).isEqualByComparingTo(expected);
    assertThat(logged.decimalValue()).isEqualByComparingTo(expected);
  }

  private static Map<String, AttributeValue> item(String id, String name, AttributeValue value) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("id", AttributeValue.fromS(id));
    item.put(name, value);
    return item;
  }

  /**
   * A string that makes {@code {id: <id>, <name>: <string>}} exactly {@code itemBytes} long, with
   * characters of every UTF-8 length and the characters JSON must escape.
   */
  private static String valueFilling(String id, String name, int itemBytes) {
    int valueBytes = itemBytes - utf8Length("id") - utf8Length(id) - utf8Length(name);
    String unit = "a é 日本 😀 \" \\ \n \t \u0000 ";
    int units = valueBytes / utf8Length(unit);
    return unit.repeat(units) + "x".repeat(valueBytes - units * utf8Length(unit));
  }

  private static int utf8Size(Map<String, AttributeValue> item) {
    return item.entrySet().stream()
        .mapToInt(
            attribute -> utf8Length(attribute.getKey()) + utf8Length(attribute.getValue().s()))
        .sum();
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** A top-level attribute of maps and lists in turn, {@code levels} deep counting the leaf. */
  private static AttributeValue nested(int levels) {
    AttributeValue value = AttributeValue.fromS("leaf");
    for (int level = levels - 1; level >= 1; level--) {
      value =
          level % 2 == 1
              ? AttributeValue.fromM(Map.of("level" + (level + 1), value))
              : AttributeValue.fromL(List.of(value));
    }
    return value;
  }

  private static JsonNode expectedNesting(int levels) {
    JsonNode value = RecordingSink.JSON.getNodeFactory().textNode("leaf");
    for (int level = levels - 1; level >= 1; level--) {
      if (level % 2 == 1) {
        ObjectNode map = RecordingSink.JSON.createObjectNode();
        map.set("level" + (level + 1), value);
        value = map;
      } else {
        ArrayNode list = RecordingSink.JSON.createArrayNode();
        list.add(value);
        value = list;
      }
    }
    return value;
  }

  /** Levels down to the deepest leaf, the node itself being level 1. */
  private static int levels(JsonNode node) {
    if (!node.isContainerNode() || node.isEmpty()) {
      return 1;
    }
    return 1
        + StreamSupport.stream(node.spliterator(), false)
            .mapToInt(ItemLimitsTest::levels)
            .max()
            .getAsInt();
  }

  private static byte[] allBytes() {
    byte[] bytes = new byte[256];
    for (int value = 0; value < 256; value++) {
      bytes[value] = (byte) value;
    }
    return bytes;
  }

  private static List<String> unicodeStrings() {
    return List.of(
        "😀",
        "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67", // a family: emoji joined by ZWJs
        "e\u0301", // e and a combining acute accent: must not be normalised to é
        "\u00e9",
        "a\u0000b",
        "שלום",
        "\u202e");
  }

  private static String codePoints(String text) {
    return text.codePoints().mapToObj(Integer::toHexString).collect(Collectors.joining(" "));
  }

  private static String storedNumber(String table, String id, String attribute) {
    return MotoDynamoDb.clients()
        .dynamoDb()
        .getItem(request -> request.tableName(table).key(Map.of("id", AttributeValue.fromS(id))))
        .item()
        .get(attribute)
        .n();
  }
}
