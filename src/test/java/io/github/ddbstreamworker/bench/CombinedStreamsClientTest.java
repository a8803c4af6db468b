package io.github.ddbstreamworker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.metrics.MeterNames;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardFilterType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The benchmark's several-shard stream, read by the real worker from real DynamoDB Local streams.
 */
@Disabled("moves to the stream simulator: moto_server gives every table the same shard id")
@ExtendWith(MotoDynamoDbExtension.class)
class CombinedStreamsClientTest {

  private static final int TABLES = 3;
  private static final int ITEMS_PER_TABLE = 40;

  @Test
  void theWorkerLeasesEveryTablesShardAndLogsEachItemOnceInItsShardsOrder() {
    List<String> tables = tables("combined");
    List<String> streamArns = tables.stream().map(CombinedStreamsClientTest::streamArn).toList();
    Map<String, String> tableOfShard = new HashMap<>();
    for (int i = 0; i < TABLES; i++) {
      tableOfShard.put(onlyShard(streamArns.get(i)), tables.get(i));
    }
    write(tables);

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (RunningWorker worker =
        RunningWorker.start(
            tables.get(0),
            "combined-worker",
            meters,
            streams -> new CombinedStreamsClient(streams, streamArns))) {
      List<JsonNode> lines =
          worker.sink().awaitItems(TABLES * ITEMS_PER_TABLE, Duration.ofSeconds(90));

      assertThat(lines).hasSize(TABLES * ITEMS_PER_TABLE);
      assertThat(lines.stream().map(line -> line.get("item").get("id").asText()))
          .doesNotHaveDuplicates();
      for (String shard : tableOfShard.keySet()) {
        List<String> ids =
            lines.stream()
                .filter(line -> line.get("shardId").asText().equals(shard))
                .map(line -> line.get("item").get("id").asText())
                .toList();
        assertThat(ids).hasSize(ITEMS_PER_TABLE).isSorted();
        assertThat(ids).allMatch(id -> id.startsWith(tableOfShard.get(shard) + "/"));
      }
      assertThat(meters.get(MeterNames.LEASES_HELD).gauge().value()).isEqualTo(TABLES);
    }
  }

  @Test
  void listsAllShardsUnderTheFirstStreamAndCountsReads() {
    List<String> tables = tables("listing");
    List<String> streamArns = tables.stream().map(CombinedStreamsClientTest::streamArn).toList();
    DynamoDbStreamsClient real = MotoDynamoDb.clients().streams();
    CombinedStreamsClient combined = new CombinedStreamsClient(real, streamArns);
    List<String> expected = streamArns.stream().map(CombinedStreamsClientTest::onlyShard).toList();

    List<Shard> listed =
        combined
            .describeStream(request -> request.streamArn(combined.combinedArn()))
            .streamDescription()
            .shards();
    assertThat(listed).extracting(Shard::shardId).containsExactlyElementsOf(expected);
    assertThat(
            combined
                .describeStream(
                    request ->
                        request
                            .streamArn(combined.combinedArn())
                            .exclusiveStartShardId(expected.get(0)))
                .streamDescription()
                .shards())
        .extracting(Shard::shardId)
        .containsExactlyElementsOf(expected.subList(1, TABLES));
    // A child-shard query goes to the stream owning the shard; DynamoDB Local ignores the filter
    // itself, so that stream's whole listing comes back.
    assertThat(
            combined
                .describeStream(
                    request ->
                        request
                            .streamArn(combined.combinedArn())
                            .shardFilter(
                                filter ->
                                    filter
                                        .type(ShardFilterType.CHILD_SHARDS)
                                        .shardId(expected.get(2))))
                .streamDescription()
                .shards())
        .extracting(Shard::shardId)
        .containsExactly(expected.get(2));

    String iterator =
        combined
            .getShardIterator(
                request ->
                    request
                        .streamArn(combined.combinedArn())
                        .shardId(expected.get(2))
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
            .shardIterator();
    MotoDynamoDb.put(tables.get(2), "only", "x");
    assertThat(combined.getRecords(request -> request.shardIterator(iterator)).records())
        .hasSize(1);
    assertThat(combined.getRecordsCalls()).isEqualTo(1);

    assertThatThrownBy(
            () ->
                combined.getShardIterator(
                    request ->
                        request
                            .streamArn(combined.combinedArn())
                            .shardId("shardId-unknown")
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
        .hasMessageContaining("shardId-unknown");
  }

  private static List<String> tables(String prefix) {
    List<String> tables = new ArrayList<>();
    for (int i = 0; i < TABLES; i++) {
      tables.add(MotoDynamoDb.newTable(prefix, StreamViewType.NEW_IMAGE));
    }
    return tables;
  }

  private static void write(List<String> tables) {
    IntStream.range(0, ITEMS_PER_TABLE)
        .forEach(
            i ->
                tables.forEach(
                    table -> MotoDynamoDb.put(table, String.format("%s/%03d", table, i), "v")));
  }

  private static String streamArn(String table) {
    return MotoDynamoDb.clients()
        .dynamoDb()
        .describeTable(request -> request.tableName(table))
        .table()
        .latestStreamArn();
  }

  private static String onlyShard(String streamArn) {
    List<Shard> shards =
        MotoDynamoDb.clients()
            .streams()
            .describeStream(request -> request.streamArn(streamArn))
            .streamDescription()
            .shards();
    assertThat(shards).hasSize(1);
    return shards.get(0).shardId();
  }
}
