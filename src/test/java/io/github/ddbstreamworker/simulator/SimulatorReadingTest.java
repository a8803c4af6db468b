package io.github.ddbstreamworker.simulator;

import static io.github.ddbstreamworker.simulator.SimulatorShardsTest.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** GetShardIterator and GetRecords through the AWS SDK: positions, page limits, shard ends. */
class SimulatorReadingTest {

  private static final StreamSpec ORDERS = StreamSpec.of("orders", "id", StreamViewType.KEYS_ONLY);

  @Test
  void eachIteratorTypeStartsWhereTheApiReferenceSays() {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS);
      List<WrittenRecord> written = SimulatorShardsTest.writeKeys(stream, "k", 10);
      String shard = written.get(0).shardId();
      String arn = stream.streamArn();
      String latest = SimulatorClients.iterator(client, arn, shard, ShardIteratorType.LATEST);

      assertThat(
              keys(
                  page(
                      client,
                      SimulatorClients.iterator(
                          client, arn, shard, ShardIteratorType.TRIM_HORIZON))))
          .containsExactly("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");
      assertThat(keys(page(client, at(client, arn, shard, "AT_SEQUENCE_NUMBER", written.get(4)))))
          .startsWith("k4", "k5")
          .hasSize(6);
      assertThat(
              keys(page(client, at(client, arn, shard, "AFTER_SEQUENCE_NUMBER", written.get(4)))))
          .startsWith("k5", "k6")
          .hasSize(5);
      GetRecordsResponse nothingYet = page(client, latest);
      assertThat(nothingYet.records()).isEmpty();
      assertThat(nothingYet.nextShardIterator())
          .as("an open shard always gives a next iterator")
          .isNotNull();
      stream.insert(Map.of("id", AttributeValue.fromS("k10")));
      assertThat(keys(page(client, nothingYet.nextShardIterator()))).containsExactly("k10");
    }
  }

  @Test
  void sequenceNumbersOutsideTheShardOrNotNumbersAreValidationErrors() {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS);
      WrittenRecord record = stream.insert(Map.of("id", AttributeValue.fromS("a")));
      String shard = record.shardId();
      stream.rollover();

      for (String bad : List.of("not-a-number", "999999999999999999999999999")) {
        assertThatThrownBy(
                () ->
                    client.getShardIterator(
                        request ->
                            request
                                .streamArn(stream.streamArn())
                                .shardId(shard)
                                .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                                .sequenceNumber(bad)))
            .satisfies(error -> assertThat(errorCode(error)).isEqualTo("ValidationException"));
      }
      assertThatThrownBy(
              () ->
                  client.getShardIterator(
                      request ->
                          request
                              .streamArn(stream.streamArn())
                              .shardId(shard)
                              .shardIteratorType("AT_TIMESTAMP")))
          .satisfies(error -> assertThat(errorCode(error)).isEqualTo("ValidationException"))
          .hasMessageContaining("TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER");
      assertThatThrownBy(() -> client.getRecords(request -> request.shardIterator("garbage")))
          .satisfies(error -> assertThat(errorCode(error)).isEqualTo("ValidationException"));
    }
  }

  @Test
  void getRecordsReturnsAtMostOneThousandRecordsAPage() {
    try (StreamSimulator simulator =
            StreamSimulator.start(SimulatorOptions.defaults().withGetRecordsLimitPerShard(0));
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS);
      stream.fill(2_500, 50);
      String shard = stream.shards().get(0).shardId();
      String iterator =
          SimulatorClients.iterator(
              client, stream.streamArn(), shard, ShardIteratorType.TRIM_HORIZON);

      List<Integer> sizes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        GetRecordsResponse page = page(client, iterator);
        sizes.add(page.records().size());
        iterator = page.nextShardIterator();
      }
      assertThat(sizes).containsExactly(1_000, 1_000, 500, 0);

      String start =
          SimulatorClients.iterator(
              client, stream.streamArn(), shard, ShardIteratorType.TRIM_HORIZON);
      assertThat(client.getRecords(request -> request.shardIterator(start).limit(10)).records())
          .hasSize(10);
      assertThatThrownBy(() -> client.getRecords(request -> request.shardIterator(start).limit(0)))
          .satisfies(error -> assertThat(errorCode(error)).isEqualTo("ValidationException"));
      assertThatThrownBy(
              () -> client.getRecords(request -> request.shardIterator(start).limit(1_001)))
          .as("API reference, LimitExceededException: a limit above 1000")
          .satisfies(error -> assertThat(errorCode(error)).isEqualTo("LimitExceededException"));
    }
  }

  @Test
  void getRecordsReturnsAtMostOneMegabyteAPage() throws Exception {
    try (StreamSimulator simulator =
            StreamSimulator.start(SimulatorOptions.defaults().withGetRecordsLimitPerShard(0));
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream =
          simulator.createStream(StreamSpec.of("orders", "id", StreamViewType.NEW_IMAGE));
      stream.fill(30, 100_000);
      String shard = stream.shards().get(0).shardId();
      String iterator =
          SimulatorClients.iterator(
              client, stream.streamArn(), shard, ShardIteratorType.TRIM_HORIZON);

      HttpResponse<byte[]> raw = rawGetRecords(simulator.endpoint(), iterator);
      assertThat(raw.body().length).isBetween(900_000, (1 << 20) + 2_000);
      List<Integer> sizes = new ArrayList<>();
      while (sizes.stream().mapToInt(Integer::intValue).sum() < 30) {
        GetRecordsResponse page = page(client, iterator);
        sizes.add(page.records().size());
        iterator = page.nextShardIterator();
      }
      assertThat(sizes).containsExactly(10, 10, 10);
    }
  }

  @Test
  void aClosedShardsLastPageHasNoNextIteratorAndAnOpenShardsAlways() {
    try (StreamSimulator simulator =
            StreamSimulator.start(SimulatorOptions.defaults().withGetRecordsLimitPerShard(0));
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS);
      List<WrittenRecord> written = SimulatorShardsTest.writeKeys(stream, "k", 1_500);
      String parent = written.get(0).shardId();
      String openIterator =
          SimulatorClients.iterator(
              client, stream.streamArn(), parent, ShardIteratorType.TRIM_HORIZON);
      String child = stream.rollover().get(0);

      GetRecordsResponse first = page(client, openIterator);
      assertThat(first.records()).hasSize(1_000);
      assertThat(first.nextShardIterator()).isNotNull();
      GetRecordsResponse last = page(client, first.nextShardIterator());
      assertThat(last.records()).hasSize(500);
      assertThat(last.nextShardIterator())
          .as("the page that reaches a closed shard's end ends the shard")
          .isNull();
      String latestOfClosed =
          SimulatorClients.iterator(client, stream.streamArn(), parent, ShardIteratorType.LATEST);
      GetRecordsResponse afterEnd = page(client, latestOfClosed);
      assertThat(afterEnd.records()).isEmpty();
      assertThat(afterEnd.nextShardIterator()).isNull();

      GetRecordsResponse openEmpty =
          page(
              client,
              SimulatorClients.iterator(
                  client, stream.streamArn(), child, ShardIteratorType.TRIM_HORIZON));
      assertThat(openEmpty.records()).isEmpty();
      assertThat(openEmpty.nextShardIterator()).isNotNull();
    }
  }

  @Test
  void iteratorsExpireAfterTheirLifetimeAndEachPageGivesAFreshOne() throws Exception {
    SimulatorOptions options =
        SimulatorOptions.defaults().withIteratorLifetime(Duration.ofMillis(600));
    try (StreamSimulator simulator = StreamSimulator.start(options);
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS);
      String shard = stream.shards().get(0).shardId();
      // A cold client's first GetRecords can take longer than the lifetime.
      page(
          client,
          SimulatorClients.iterator(client, stream.streamArn(), shard, ShardIteratorType.LATEST));
      String iterator =
          SimulatorClients.iterator(
              client, stream.streamArn(), shard, ShardIteratorType.TRIM_HORIZON);
      for (int i = 0; i < 3; i++) {
        Thread.sleep(300);
        iterator = page(client, iterator).nextShardIterator();
      }
      Thread.sleep(800);
      String stale = iterator;

      assertThatThrownBy(() -> client.getRecords(request -> request.shardIterator(stale)))
          .as("API reference, GetShardIterator: an iterator expires after its lifetime")
          .satisfies(error -> assertThat(errorCode(error)).isEqualTo("ExpiredIteratorException"));
    }
  }

  @Test
  void moreGetRecordsCallsASecondThanTheLimitAreThrottled() throws Exception {
    SimulatorOptions options = SimulatorOptions.defaults().withGetRecordsLimitPerShard(5);
    try (StreamSimulator simulator = StreamSimulator.start(options);
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      SimulatedStream stream = simulator.createStream(ORDERS.withShards(2));
      String shard = stream.shards().get(0).shardId();
      String other = stream.shards().get(1).shardId();
      String iterator =
          SimulatorClients.iterator(client, stream.streamArn(), shard, ShardIteratorType.LATEST);

      boolean throttled = false;
      // On a busy machine five calls can outlast the one-second window; then try again.
      for (int attempt = 0; attempt < 3 && !throttled; attempt++) {
        Thread.sleep(1_100);
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
          page(client, iterator);
        }
        try {
          page(client, iterator);
          assertThat(Duration.ofNanos(System.nanoTime() - start))
              .as("a sixth call within a second was let through")
              .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        } catch (DynamoDbException e) {
          assertThat(errorCode(e)).isEqualTo("LimitExceededException");
          throttled = true;
        }
      }
      assertThat(throttled).isTrue();
      assertThat(
              page(
                      client,
                      SimulatorClients.iterator(
                          client, stream.streamArn(), other, ShardIteratorType.LATEST))
                  .records())
          .as("another shard has its own budget")
          .isEmpty();
      Thread.sleep(1_000);
      assertThat(page(client, iterator).nextShardIterator()).isNotNull();
    }
    try (StreamSimulator unthrottled =
            StreamSimulator.start(SimulatorOptions.defaults().withGetRecordsLimitPerShard(0));
        DynamoDbStreamsClient client = SimulatorClients.streams(unthrottled)) {
      SimulatedStream stream = unthrottled.createStream(ORDERS);
      String iterator =
          SimulatorClients.iterator(
              client,
              stream.streamArn(),
              stream.shards().get(0).shardId(),
              ShardIteratorType.LATEST);
      for (int i = 0; i < 50; i++) {
        page(client, iterator);
      }
    }
  }

  private static GetRecordsResponse page(DynamoDbStreamsClient client, String iterator) {
    return client.getRecords(request -> request.shardIterator(iterator));
  }

  private static String at(
      DynamoDbStreamsClient client, String arn, String shard, String type, WrittenRecord record) {
    return client
        .getShardIterator(
            request ->
                request
                    .streamArn(arn)
                    .shardId(shard)
                    .shardIteratorType(type)
                    .sequenceNumber(record.sequenceNumber()))
        .shardIterator();
  }

  private static List<String> keys(GetRecordsResponse page) {
    return page.records().stream()
        .map(Record::dynamodb)
        .map(record -> record.keys().get("id").s())
        .toList();
  }

  static HttpResponse<byte[]> rawGetRecords(URI endpoint, String iterator) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(endpoint)
                .header("X-Amz-Target", "DynamoDBStreams_20120810.GetRecords")
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(
                    HttpRequest.BodyPublishers.ofString("{\"ShardIterator\":\"" + iterator + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }
}
