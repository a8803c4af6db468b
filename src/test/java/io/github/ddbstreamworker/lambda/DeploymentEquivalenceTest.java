package io.github.ddbstreamworker.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.RecordSource;
import io.github.ddbstreamworker.core.filter.LambdaRecordShape;
import io.github.ddbstreamworker.local.DemoTable;
import io.github.ddbstreamworker.testsupport.LambdaEvents;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import io.github.ddbstreamworker.testsupport.StreamRecords;
import io.github.ddbstreamworker.testsupport.StreamRecords.StoredShard;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The same stream records from moto_server, through the worker (KCL and adapter) and through the
 * Lambda handler (the Lambda runtime's serializer and the SDK transformer), with the same
 * FILTER_CRITERIA: the same lines, but for the shard id only the worker knows.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class DeploymentEquivalenceTest {

  private static final String CRITERIA =
      "{\"Filters\":["
          + "{\"Pattern\":\"{\\\"eventName\\\":[\\\"INSERT\\\"],\\\"dynamodb\\\":{\\\"NewImage\\\":"
          + "{\\\"status\\\":{\\\"S\\\":[{\\\"prefix\\\":\\\"A\\\"}]}}}}\"},"
          + "{\"Pattern\":\"{\\\"eventName\\\":[\\\"REMOVE\\\"]}\"}]}";

  @Test
  void workerAndLambdaHandlerWriteTheSameLines() {
    String table = MotoDynamoDb.newTable("equivalence", StreamViewType.NEW_AND_OLD_IMAGES);
    writeChanges(table);

    List<JsonNode> workerLines;
    try (RunningWorker worker =
        RunningWorker.start(table, "equivalence-worker", Map.of("FILTER_CRITERIA", CRITERIA))) {
      workerLines = worker.sink().awaitItems(3, Duration.ofSeconds(60));
    }

    RecordingSink lambdaSink = new RecordingSink();
    StreamsEventResponse response =
        new StreamHandler(Map.of("FILTER_CRITERIA", CRITERIA)::get, lambdaSink, new EventCounts())
            .handleRequest(LambdaEvents.fromJson(lambdaEvent(table).toString()), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(workerLines)
        .extracting(
            line -> line.get("eventName").asText() + " " + line.get("keys").get("id").asText())
        .containsExactly("INSERT a", "REMOVE b", "INSERT c");
    assertThat(lambdaSink.items())
        .isEqualTo(workerLines.stream().map(DeploymentEquivalenceTest::withoutShard).toList());
  }

  private static void writeChanges(String table) {
    MotoDynamoDb.put(
        table,
        Map.of(
            DemoTable.KEY,
            AttributeValue.fromS("a"),
            "status",
            AttributeValue.fromS("ACTIVE"),
            "amount",
            AttributeValue.fromN("12345678901234567890123456789012345678"),
            "tags",
            AttributeValue.fromSs(List.of("x", "y")),
            "nested",
            AttributeValue.fromM(
                Map.of(
                    "flag", AttributeValue.fromBool(true), "none", AttributeValue.fromNul(true))),
            "list",
            AttributeValue.fromL(List.of(AttributeValue.fromN("1.5"), AttributeValue.fromS("é"))),
            "blob",
            AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromUtf8String("hi"))));
    MotoDynamoDb.put(
        table,
        Map.of(
            DemoTable.KEY, AttributeValue.fromS("b"), "status", AttributeValue.fromS("BLOCKED")));
    MotoDynamoDb.put(
        table,
        Map.of(
            DemoTable.KEY, AttributeValue.fromS("a"), "status", AttributeValue.fromS("ARCHIVED")));
    MotoDynamoDb.clients()
        .dynamoDb()
        .deleteItem(
            request ->
                request.tableName(table).key(Map.of(DemoTable.KEY, AttributeValue.fromS("b"))));
    MotoDynamoDb.put(
        table,
        Map.of(
            DemoTable.KEY, AttributeValue.fromS("c"), "status", AttributeValue.fromS("ARCHIVED")));
  }

  /** The stream's records as a Lambda trigger would deliver them, in one batch. */
  private static ObjectNode lambdaEvent(String table) {
    StoredShard shard = StreamRecords.storedIn(table);
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    ArrayNode delivered = event.putArray("Records");
    RecordSource source = new RecordSource(shard.streamArn(), table, null);
    shard.records().forEach(record -> delivered.add(LambdaRecordShape.of(record, source)));
    return event;
  }

  private static JsonNode withoutShard(JsonNode line) {
    ObjectNode copy = line.deepCopy();
    copy.remove("shardId");
    return copy;
  }
}
