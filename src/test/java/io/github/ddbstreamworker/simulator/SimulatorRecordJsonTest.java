package io.github.ddbstreamworker.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Stream records as the API reference's Record and StreamRecord shapes describe them. */
class SimulatorRecordJsonTest {

  private static final Map<String, AttributeValue> OLD =
      Map.of("id", AttributeValue.fromS("a-1"), "status", AttributeValue.fromS("new"));
  private static final Map<String, AttributeValue> NEW =
      Map.of("id", AttributeValue.fromS("a-1"), "status", AttributeValue.fromS("paid"));

  @ParameterizedTest
  @EnumSource(
      value = StreamViewType.class,
      names = {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"})
  void eachViewTypeCarriesTheImagesItNames(StreamViewType viewType) {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(StreamSpec.of("orders", "id", viewType));
      stream.insert(OLD);
      stream.modify(OLD, NEW);
      stream.remove(NEW);

      List<Record> records =
          SimulatorClients.read(client, stream.streamArn(), stream.shards().get(0).shardId());

      assertThat(records)
          .extracting(Record::eventName)
          .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
      boolean withNew =
          viewType == StreamViewType.NEW_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
      boolean withOld =
          viewType == StreamViewType.OLD_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
      for (Record record : records) {
        assertThat(record.dynamodb().keys()).isEqualTo(Map.of("id", AttributeValue.fromS("a-1")));
        assertThat(record.dynamodb().streamViewType()).isEqualTo(viewType);
      }
      assertThat(records.get(0).dynamodb().newImage()).isEqualTo(withNew ? OLD : Map.of());
      assertThat(records.get(0).dynamodb().hasOldImage()).isFalse();
      assertThat(records.get(1).dynamodb().newImage()).isEqualTo(withNew ? NEW : Map.of());
      assertThat(records.get(1).dynamodb().oldImage()).isEqualTo(withOld ? OLD : Map.of());
      assertThat(records.get(2).dynamodb().hasNewImage()).isFalse();
      assertThat(records.get(2).dynamodb().oldImage()).isEqualTo(withOld ? NEW : Map.of());
    }
  }

  @Test
  void everyAttributeTypeComesBackAsWritten() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("id", AttributeValue.fromN("42"));
    item.put("s", AttributeValue.fromS("text with \"quotes\" and ünïcode"));
    item.put("n", AttributeValue.fromN("-12.5e3"));
    item.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 255})));
    item.put("ss", AttributeValue.fromSs(List.of("x", "y")));
    item.put("ns", AttributeValue.fromNs(List.of("1", "2.5")));
    item.put(
        "bs",
        AttributeValue.fromBs(
            List.of(SdkBytes.fromUtf8String("one"), SdkBytes.fromUtf8String("two"))));
    item.put(
        "m",
        AttributeValue.fromM(
            Map.of("inner", AttributeValue.fromL(List.of(AttributeValue.fromBool(true))))));
    item.put(
        "l", AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromN("1"))));
    item.put("nul", AttributeValue.fromNul(true));
    item.put("bool", AttributeValue.fromBool(false));
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream =
          simulator.createStream(StreamSpec.of("orders", "id", StreamViewType.NEW_IMAGE));
      stream.insert(item);

      Record record =
          SimulatorClients.read(client, stream.streamArn(), stream.shards().get(0).shardId())
              .get(0);

      assertThat(record.dynamodb().newImage()).isEqualTo(item);
      assertThat(record.dynamodb().keys()).isEqualTo(Map.of("id", AttributeValue.fromN("42")));
    }
  }

  @Test
  void theRecordJsonHasTheFieldsAndTypesAwsSends() throws Exception {
    try (StreamSimulator simulator =
        StreamSimulator.start(SimulatorOptions.defaults().withRegion("eu-west-1"))) {
      SimulatedStream stream =
          simulator.createStream(StreamSpec.of("orders", "id", StreamViewType.KEYS_ONLY));
      long before = System.currentTimeMillis();
      WrittenRecord written = stream.insert(Map.of("id", AttributeValue.fromS("abc")));
      try (DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
        String iterator =
            SimulatorClients.iterator(
                client, stream.streamArn(), written.shardId(), ShardIteratorType.TRIM_HORIZON);

        JsonNode page =
            new ObjectMapper()
                .readTree(
                    SimulatorReadingTest.rawGetRecords(simulator.endpoint(), iterator).body());

        JsonNode record = page.get("Records").get(0);
        assertThat(record.get("eventID").textValue())
            .matches("[0-9a-f]{32}")
            .isEqualTo(written.eventId());
        assertThat(record.get("eventName").textValue()).isEqualTo("INSERT");
        assertThat(record.get("eventVersion").textValue()).isEqualTo("1.1");
        assertThat(record.get("eventSource").textValue()).isEqualTo("aws:dynamodb");
        assertThat(record.get("awsRegion").textValue()).isEqualTo("eu-west-1");
        JsonNode change = record.get("dynamodb");
        JsonNode created = change.get("ApproximateCreationDateTime");
        assertThat(created.isNumber()).as("a timestamp is a JSON number of epoch seconds").isTrue();
        assertThat((long) (created.doubleValue() * 1000))
            .isBetween(before - 1, System.currentTimeMillis())
            .isEqualTo(written.createdAt().toEpochMilli());
        assertThat(change.get("Keys").toString()).isEqualTo("{\"id\":{\"S\":\"abc\"}}");
        assertThat(change.has("NewImage") || change.has("OldImage")).isFalse();
        assertThat(change.get("SequenceNumber").textValue())
            .isEqualTo(written.sequenceNumber())
            .matches("\\d{21,40}");
        assertThat(change.get("SizeBytes").isIntegralNumber()).isTrue();
        assertThat(change.get("SizeBytes").longValue())
            .as("name 'id' (2 bytes) + value 'abc' (3 bytes)")
            .isEqualTo(5);
        assertThat(change.get("StreamViewType").textValue()).isEqualTo("KEYS_ONLY");
      }
    }
  }
}
