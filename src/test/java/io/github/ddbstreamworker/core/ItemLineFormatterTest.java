package io.github.ddbstreamworker.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

class ItemLineFormatterTest {

  private static final RecordSource SHARD =
      new RecordSource(
          "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/label",
          "orders",
          "shardId-1");
  private final ItemLineFormatter formatter = new ItemLineFormatter();

  static Record insert(Map<String, AttributeValue> keys, Map<String, AttributeValue> newImage) {
    StreamRecord.Builder change =
        StreamRecord.builder()
            .sequenceNumber("100")
            .approximateCreationDateTime(Instant.parse("2026-01-02T03:04:00Z"))
            .keys(keys);
    if (newImage != null) {
      change.newImage(newImage);
    }
    return Record.builder()
        .eventID("e1")
        .eventName(OperationType.INSERT)
        .dynamodb(change.build())
        .build();
  }

  @Test
  void writesWhereTheRecordCameFromAndTheItem() {
    Map<String, AttributeValue> keys = Map.of("id", AttributeValue.fromS("a"));

    JsonNode line = RecordingSink.parse(formatter.format(insert(keys, keys), SHARD));

    assertThat(line.toString())
        .isEqualTo(
            "{\"type\":\"item\",\"eventName\":\"INSERT\",\"eventId\":\"e1\",\"table\":\"orders\","
                + "\"shardId\":\"shardId-1\",\"sequenceNumber\":\"100\","
                + "\"approximateCreationDateTime\":\"2026-01-02T03:04:00Z\","
                + "\"keys\":{\"id\":\"a\"},\"item\":{\"id\":\"a\"}}");
  }

  @Test
  void keepsNumbersDigitForDigit() {
    Map<String, AttributeValue> item =
        Map.of(
            "a", AttributeValue.fromN("12345678901234567890123456789012345678"),
            "b", AttributeValue.fromN("1E+100"),
            "c", AttributeValue.fromN("-1.000000000000000000000000000000000001E-130"),
            "d", AttributeValue.fromNs(List.of("0.1", "+5", ".5")));

    String line = formatter.format(insert(Map.of(), item), SHARD);

    assertThat(line)
        .contains("\"a\":12345678901234567890123456789012345678")
        .contains("\"b\":1E+100")
        .contains("\"c\":-1.000000000000000000000000000000000001E-130")
        // Not JSON as written ("+5", ".5"): normalised to the same exact value.
        .contains("\"d\":[0.1,5,0.5]");
    RecordingSink.parse(line);
  }

  @Test
  void escapesStringsAndStaysOnOneLine() {
    String text = "\"quoted\" \\ \n\r\t \u0000 \u001f \u2028 é 日本 😀";
    String line =
        formatter.format(insert(Map.of(), Map.of("text", AttributeValue.fromS(text))), SHARD);

    assertThat(line).doesNotContain("\n").doesNotContain("\r").contains("\\u0000");
    assertThat(RecordingSink.parse(line).get("item").get("text").asText()).isEqualTo(text);
  }

  @Test
  void writesBinaryAsBase64AndSetsAsArrays() {
    Map<String, AttributeValue> item =
        Map.of(
            "b",
                AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) 0xfb, (byte) 0xff})),
            "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("hi"))),
            "ss", AttributeValue.fromSs(List.of("x")),
            "nul", AttributeValue.fromNul(true),
            "l",
                AttributeValue.fromL(
                    List.of(AttributeValue.fromM(Map.of("k", AttributeValue.fromBool(true))))));

    JsonNode written =
        RecordingSink.parse(formatter.format(insert(Map.of(), item), SHARD)).get("item");

    assertThat(written.get("b").asText()).isEqualTo("+/8=");
    assertThat(written.get("bs").toString()).isEqualTo("[\"aGk=\"]");
    assertThat(written.get("ss").toString()).isEqualTo("[\"x\"]");
    assertThat(written.get("nul").isNull()).isTrue();
    assertThat(written.get("l").toString()).isEqualTo("[{\"k\":true}]");
  }

  @Test
  void leavesTheItemOutWhenTheStreamCarriesNoNewImage() {
    JsonNode line =
        RecordingSink.parse(
            formatter.format(insert(Map.of("id", AttributeValue.fromS("a")), null), SHARD));

    assertThat(line.get("keys").toString()).isEqualTo("{\"id\":\"a\"}");
    assertThat(line.has("item")).isFalse();
  }

  @Test
  void rejectsANumberThatIsNotOne() {
    Record record = insert(Map.of(), Map.of("n", AttributeValue.fromN("twelve")));

    assertThatThrownBy(() -> formatter.format(record, SHARD))
        .isInstanceOf(UnsupportedAttributeException.class)
        .hasMessageNotContaining("twelve");
  }
}
