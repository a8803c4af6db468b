package io.github.ddbstreamworker.simulator;

import static io.github.ddbstreamworker.simulator.SimulatorShardsTest.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Disabling and re-enabling a table's stream, and ListStreams. Developer guide, "Change data
 * capture for DynamoDB Streams", enabling a stream: a disabled stream's data stays readable for 24
 * hours, and re-enabling creates a new stream with a different stream descriptor.
 */
class SimulatorLifecycleTest {

  private static final StreamSpec ORDERS =
      StreamSpec.of("orders", "id", StreamViewType.NEW_IMAGE).withRangeKey("sk").withShards(2);

  @Test
  void aDisabledStreamClosesItsShardsTakesNoRecordsAndStaysReadable() {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS);
      Map<String, AttributeValue> item =
          Map.of("id", AttributeValue.fromS("a"), "sk", AttributeValue.fromS("1"));
      WrittenRecord written = stream.insert(item);

      stream.disable();

      StreamDescription description =
          client
              .describeStream(request -> request.streamArn(stream.streamArn()))
              .streamDescription();
      assertThat(description.streamStatus()).isEqualTo(StreamStatus.DISABLED);
      assertThat(description.shards())
          .hasSize(2)
          .allSatisfy(
              shard -> assertThat(shard.sequenceNumberRange().endingSequenceNumber()).isNotNull());
      assertThatThrownBy(() -> stream.insert(item)).isInstanceOf(IllegalStateException.class);
      assertThat(SimulatorClients.read(client, stream.streamArn(), written.shardId()))
          .extracting(record -> record.dynamodb().sequenceNumber())
          .containsExactly(written.sequenceNumber());
    }
  }

  @Test
  void reEnablingMakesANewStreamWithNoLinkToTheOldOne() {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream old = simulator.createStream(ORDERS);
      assertThatThrownBy(() -> simulator.enableStream("orders"))
          .isInstanceOf(IllegalStateException.class);
      old.disable();

      SimulatedStream renewed = simulator.enableStream("orders");

      assertThat(renewed.streamArn()).isNotEqualTo(old.streamArn());
      assertThat(renewed.streamLabel()).isNotEqualTo(old.streamLabel());
      StreamDescription description =
          client
              .describeStream(request -> request.streamArn(renewed.streamArn()))
              .streamDescription();
      assertThat(description.streamStatus()).isEqualTo(StreamStatus.ENABLED);
      assertThat(description.streamViewType()).isEqualTo(StreamViewType.NEW_IMAGE);
      assertThat(description.keySchema())
          .extracting(key -> key.attributeName())
          .containsExactly("id", "sk");
      Set<String> oldShards =
          old.shards().stream().map(SimulatedShard::shardId).collect(Collectors.toSet());
      assertThat(description.shards())
          .hasSize(2)
          .allSatisfy(shard -> assertThat(shard.parentShardId()).isNull())
          .extracting(Shard::shardId)
          .doesNotContainAnyElementsOf(oldShards);
      assertThat(
              client.listStreams(request -> request.tableName("orders")).streams().stream()
                  .map(stream -> stream.streamArn()))
          .containsExactly(old.streamArn(), renewed.streamArn());
    }
  }

  @Test
  void listStreamsPagesAndFiltersByTable() {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      List<String> arns = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        arns.add(
            simulator
                .createStream(StreamSpec.of("table-" + i, "id", StreamViewType.KEYS_ONLY))
                .streamArn());
      }

      List<String> listed = new ArrayList<>();
      List<Integer> pageSizes = new ArrayList<>();
      String start = null;
      do {
        String exclusiveStart = start;
        ListStreamsResponse page =
            client.listStreams(request -> request.limit(3).exclusiveStartStreamArn(exclusiveStart));
        page.streams().forEach(stream -> listed.add(stream.streamArn()));
        pageSizes.add(page.streams().size());
        start = page.lastEvaluatedStreamArn();
      } while (start != null);

      assertThat(listed).containsExactlyElementsOf(arns);
      assertThat(pageSizes).containsExactly(3, 3, 1);
      assertThat(client.listStreams(request -> request.tableName("table-4")).streams())
          .singleElement()
          .satisfies(
              stream -> {
                assertThat(stream.streamArn()).isEqualTo(arns.get(4));
                assertThat(stream.tableName()).isEqualTo("table-4");
                assertThat(stream.streamArn()).endsWith("/stream/" + stream.streamLabel());
              });
      assertThat(client.listStreams(request -> request.tableName("missing")).streams()).isEmpty();
      assertThatThrownBy(() -> client.listStreams(request -> request.limit(101)))
          .satisfies(error -> assertThat(errorCode(error)).isEqualTo("ValidationException"));
    }
  }
}
