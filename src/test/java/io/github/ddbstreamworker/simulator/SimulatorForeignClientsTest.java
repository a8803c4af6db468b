package io.github.ddbstreamworker.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Clients written elsewhere, run as child processes: boto3 and the AWS CLI must read the simulator
 * unchanged, with any credentials.
 */
class SimulatorForeignClientsTest {

  private static final Map<String, String> ANY_CREDENTIALS =
      Map.of(
          "AWS_ACCESS_KEY_ID", "any",
          "AWS_SECRET_ACCESS_KEY", "any",
          "AWS_DEFAULT_REGION", "us-east-1",
          "AWS_CONFIG_FILE", "/dev/null",
          "AWS_SHARED_CREDENTIALS_FILE", "/dev/null");

  private static final byte[] BINARY = {0, 1, 2, (byte) 250, (byte) 255};

  private static final String BOTO3_READER =
      """
      import base64, json, sys
      import boto3
      from botocore.config import Config
      endpoint, arn = sys.argv[1], sys.argv[2]
      client = boto3.client("dynamodbstreams", endpoint_url=endpoint,
                            config=Config(retries={"max_attempts": 1}))
      out = {"streams": [s["StreamArn"] for s in client.list_streams(TableName="orders")["Streams"]]}
      shards, start = [], None
      while True:
          args = {"StreamArn": arn, "Limit": 2}
          if start:
              args["ExclusiveStartShardId"] = start
          description = client.describe_stream(**args)["StreamDescription"]
          shards += description["Shards"]
          start = description.get("LastEvaluatedShardId")
          if not start:
              break
      out["status"] = description["StreamStatus"]
      out["shards"] = [s["ShardId"] for s in shards]
      records = []
      for shard in shards:
          iterator = client.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                               ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
          page = client.get_records(ShardIterator=iterator, Limit=1000)
          for record in page["Records"]:
              change = record["dynamodb"]
              records.append({"id": change["Keys"]["id"]["S"], "event": record["eventName"],
                              "created": change["ApproximateCreationDateTime"].timestamp(),
                              "binary": base64.b64encode(change["NewImage"]["b"]["B"]).decode()})
      out["records"] = records
      try:
          client.describe_stream(StreamArn=arn + "-missing")
      except client.exceptions.ResourceNotFoundException:
          out["missing"] = "ResourceNotFoundException"
      print(json.dumps(out))
      """;

  @Test
  void boto3ListsDescribesPagesAndReadsEveryShard() throws Exception {
    assumeTrue(ChildProcess.onPath("python3"), "python3 is not installed");
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults())) {
      SimulatedStream stream =
          simulator.createStream(
              StreamSpec.of("orders", "id", StreamViewType.NEW_IMAGE).withShards(5));
      List<WrittenRecord> written = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        written.add(stream.insert(item("k" + i)));
      }

      ChildProcess boto3 =
          ChildProcess.run(
              ANY_CREDENTIALS,
              List.of(
                  "python3",
                  "-c",
                  BOTO3_READER,
                  simulator.endpoint().toString(),
                  stream.streamArn()));

      assumeTrue(!boto3.error().contains("No module named 'boto3'"), "boto3 is not installed");
      assertThat(boto3.exitCode()).as(boto3.error()).isZero();
      JsonNode out = new ObjectMapper().readTree(boto3.output());
      assertThat(out.get("streams").get(0).textValue()).isEqualTo(stream.streamArn());
      assertThat(out.get("status").textValue()).isEqualTo("ENABLED");
      assertThat(out.get("shards")).hasSize(5);
      assertThat(out.get("records")).hasSize(20);
      for (JsonNode record : out.get("records")) {
        assertThat(record.get("event").textValue()).isEqualTo("INSERT");
        assertThat(record.get("binary").textValue())
            .isEqualTo(Base64.getEncoder().encodeToString(BINARY));
        long createdMillis = (long) (record.get("created").doubleValue() * 1000);
        assertThat(written)
            .anySatisfy(
                w ->
                    assertThat(Math.abs(w.createdAt().toEpochMilli() - createdMillis))
                        .isLessThan(2));
      }
      assertThat(out.get("missing").textValue()).isEqualTo("ResourceNotFoundException");
    }
  }

  @Test
  void theAwsCliDescribesTheStreamAndReadsAShard() throws Exception {
    assumeTrue(ChildProcess.onPath("aws"), "the AWS CLI is not installed");
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults())) {
      SimulatedStream stream =
          simulator.createStream(StreamSpec.of("orders", "id", StreamViewType.NEW_IMAGE));
      stream.insert(item("first"));
      stream.insert(item("second"));
      String endpoint = simulator.endpoint().toString();

      JsonNode description =
          aws(endpoint, "describe-stream", "--stream-arn", stream.streamArn())
              .get("StreamDescription");
      String shardId = description.get("Shards").get(0).get("ShardId").textValue();
      String iterator =
          aws(
                  endpoint,
                  "get-shard-iterator",
                  "--stream-arn",
                  stream.streamArn(),
                  "--shard-id",
                  shardId,
                  "--shard-iterator-type",
                  "TRIM_HORIZON")
              .get("ShardIterator")
              .textValue();
      JsonNode records = aws(endpoint, "get-records", "--shard-iterator", iterator);
      ChildProcess badIterator =
          ChildProcess.run(
              ANY_CREDENTIALS,
              List.of(
                  "aws",
                  "dynamodbstreams",
                  "get-records",
                  "--shard-iterator",
                  "not-an-iterator",
                  "--endpoint-url",
                  endpoint));

      assertThat(description.get("StreamArn").textValue()).isEqualTo(stream.streamArn());
      assertThat(description.get("StreamStatus").textValue()).isEqualTo("ENABLED");
      assertThat(records.get("Records")).hasSize(2);
      assertThat(records.get("NextShardIterator").textValue()).isNotEmpty();
      JsonNode first = records.get("Records").get(0);
      assertThat(first.get("dynamodb").get("Keys").get("id").get("S").textValue())
          .isEqualTo("first");
      assertThat(first.get("dynamodb").get("NewImage").get("b").get("B").textValue())
          .isEqualTo(Base64.getEncoder().encodeToString(BINARY));
      assertThat(badIterator.exitCode()).isNotZero();
      assertThat(badIterator.error()).contains("ValidationException");
    }
  }

  private static JsonNode aws(String endpoint, String... operation) throws Exception {
    List<String> command = new ArrayList<>(List.of("aws", "dynamodbstreams"));
    command.addAll(List.of(operation));
    command.addAll(List.of("--endpoint-url", endpoint, "--output", "json"));
    ChildProcess cli = ChildProcess.run(ANY_CREDENTIALS, command);
    assertThat(cli.exitCode()).as(cli.error()).isZero();
    return new ObjectMapper().readTree(cli.output());
  }

  private static Map<String, AttributeValue> item(String id) {
    return Map.of(
        "id", AttributeValue.fromS(id), "b", AttributeValue.fromB(SdkBytes.fromByteArray(BINARY)));
  }
}
