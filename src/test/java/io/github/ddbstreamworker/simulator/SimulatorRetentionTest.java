package io.github.ddbstreamworker.simulator;

import static io.github.ddbstreamworker.simulator.SimulatorShardsTest.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Records older than the retention are trimmed (developer guide, "Data retention limit for DynamoDB
 * Streams": 24 hours), here after one second.
 */
class SimulatorRetentionTest {

  private static final SimulatorOptions ONE_SECOND =
      SimulatorOptions.defaults()
          .withRetention(Duration.ofSeconds(1))
          .withGetRecordsLimitPerShard(0);
  private static final StreamSpec ORDERS = StreamSpec.of("orders", "id", StreamViewType.KEYS_ONLY);

  @Test
  void trimHorizonStartsAtTheOldestRecordStillKept() throws Exception {
    try (StreamSimulator simulator = StreamSimulator.start(ONE_SECOND);
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS);
      List<WrittenRecord> old = SimulatorShardsTest.writeKeys(stream, "old", 5);
      String shard = old.get(0).shardId();
      String earlyIterator =
          SimulatorClients.iterator(
              client, stream.streamArn(), shard, ShardIteratorType.TRIM_HORIZON);
      Thread.sleep(1_200);
      SimulatorShardsTest.writeKeys(stream, "new", 3);

      List<Record> kept = SimulatorClients.read(client, stream.streamArn(), shard);

      assertThat(kept)
          .extracting(record -> record.dynamodb().keys().get("id").s())
          .containsExactly("new0", "new1", "new2");
      assertThatThrownBy(() -> client.getRecords(request -> request.shardIterator(earlyIterator)))
          .as("an iterator whose records were trimmed (API reference, TrimmedDataAccessException)")
          .satisfies(error -> assertThat(errorCode(error)).isEqualTo("TrimmedDataAccessException"));
      for (ShardIteratorType type :
          List.of(ShardIteratorType.AT_SEQUENCE_NUMBER, ShardIteratorType.AFTER_SEQUENCE_NUMBER)) {
        assertThatThrownBy(
                () ->
                    client.getShardIterator(
                        request ->
                            request
                                .streamArn(stream.streamArn())
                                .shardId(shard)
                                .shardIteratorType(type)
                                .sequenceNumber(old.get(2).sequenceNumber())))
            .as("a sequence number older than the trim point, %s", type)
            .satisfies(
                error -> assertThat(errorCode(error)).isEqualTo("TrimmedDataAccessException"));
      }
    }
  }

  @Test
  void closedShardsDisappearOnceTheRetentionHasPassed() {
    try (StreamSimulator simulator = StreamSimulator.start(ONE_SECOND);
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS);
      SimulatorShardsTest.writeKeys(stream, "k", 5);
      String parent = stream.shards().get(0).shardId();
      String child = stream.rollover().get(0);
      long closed = System.nanoTime();
      assertThat(SimulatorClients.shards(client, stream.streamArn())).hasSize(2);

      Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> SimulatorClients.shards(client, stream.streamArn()).size() == 1);

      assertThat(Duration.ofNanos(System.nanoTime() - closed))
          .isGreaterThanOrEqualTo(Duration.ofMillis(900));
      assertThat(SimulatorClients.shards(client, stream.streamArn()))
          .extracting(Shard::shardId)
          .containsExactly(child);
      assertThatThrownBy(
              () ->
                  SimulatorClients.iterator(
                      client, stream.streamArn(), parent, ShardIteratorType.TRIM_HORIZON))
          .satisfies(error -> assertThat(errorCode(error)).isEqualTo("ResourceNotFoundException"));
    }
  }
}
