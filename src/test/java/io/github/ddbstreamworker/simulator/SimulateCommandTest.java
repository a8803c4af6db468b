package io.github.ddbstreamworker.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ddbstreamworker.testsupport.WorkerProcess;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** {@code simulate} in a child JVM: its banner, the AWS CLI against it, SIGTERM, bad options. */
class SimulateCommandTest {

  private static final Duration START = Duration.ofSeconds(60);

  @Test
  void printsItsEndpointAndArnServesTheStreamAndExitsZeroOnSigterm() throws Exception {
    try (WorkerProcess simulate =
        WorkerProcess.start(
            Map.of(),
            "simulate",
            "--port",
            "0",
            "--shards",
            "3",
            "--rate",
            "20",
            "--table",
            "cli-orders",
            "--view-type",
            "NEW_IMAGE")) {
      simulate.awaitLine(line -> line.startsWith("Ctrl-C or SIGTERM stops."), START);
      URI endpoint = URI.create(valueAfter(simulate.lines(), "DynamoDB Streams simulator: "));
      String arn = valueAfter(simulate.lines(), "stream: ");
      assertThat(arn)
          .startsWith("arn:aws:dynamodb:us-east-1:123456789012:table/cli-orders/stream/");
      assertThat(simulate.lines())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .startsWith("worker: AWS_ENDPOINT_URL_DYNAMODB_STREAMS=" + endpoint)
                      .contains("STREAM_ARN=" + arn));

      try (DynamoDbStreamsClient client = client(endpoint)) {
        List<Shard> shards = SimulatorClients.shards(client, arn);
        assertThat(shards).hasSize(3);
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    shards.stream()
                        .allMatch(
                            shard ->
                                !SimulatorClients.read(client, arn, shard.shardId()).isEmpty()));
      }
      if (ChildProcess.onPath("aws")) {
        ChildProcess cli =
            ChildProcess.run(
                Map.of(
                    "AWS_ACCESS_KEY_ID", "any",
                    "AWS_SECRET_ACCESS_KEY", "any",
                    "AWS_DEFAULT_REGION", "us-east-1"),
                List.of(
                    "aws",
                    "dynamodbstreams",
                    "describe-stream",
                    "--endpoint-url",
                    endpoint.toString(),
                    "--stream-arn",
                    arn,
                    "--output",
                    "json"));
        assertThat(cli.exitCode()).as(cli.error()).isZero();
        JsonNode description = new ObjectMapper().readTree(cli.output()).get("StreamDescription");
        assertThat(description.get("StreamViewType").textValue()).isEqualTo("NEW_IMAGE");
        assertThat(description.get("Shards")).hasSize(3);
      }

      simulate.terminate();
      assertThat(simulate.awaitExit(Duration.ofSeconds(20))).isZero();
    }
  }

  @Test
  void badOptionsExitWithTwoNamingEachOne() throws Exception {
    try (WorkerProcess simulate =
        WorkerProcess.start(
            Map.of(),
            "simulate",
            "--port",
            "0",
            "--shards",
            "0",
            "--rate",
            "-1",
            "--retention",
            "0",
            "--event-mix",
            "1,2")) {
      assertThat(simulate.awaitExit(START)).isEqualTo(2);
      assertThat(simulate.output())
          .contains("--shards must be 1-10000, not 0")
          .contains("--rate must be 0 or more")
          .contains("--retention must be positive")
          .contains("--event-mix must be three weights")
          .doesNotContain("DynamoDB Streams simulator:");
    }
    try (WorkerProcess simulate =
        WorkerProcess.start(Map.of(), "simulate", "--rollover-period", "soon")) {
      assertThat(simulate.awaitExit(START)).isEqualTo(2);
      assertThat(simulate.output())
          .contains("--rollover-period")
          .contains("'soon' is not a duration");
    }
  }

  @Test
  void aPortInUseFailsWithOne() throws Exception {
    try (StreamSimulator taken = StreamSimulator.start(SimulatorOptions.defaults());
        WorkerProcess simulate =
            WorkerProcess.start(
                Map.of(), "simulate", "--port", Integer.toString(taken.endpoint().getPort()))) {
      assertThat(simulate.awaitExit(START)).isEqualTo(1);
      assertThat(simulate.output()).contains("cannot listen on port " + taken.endpoint().getPort());
    }
  }

  private static String valueAfter(List<String> lines, String prefix) {
    return lines.stream()
        .filter(line -> line.startsWith(prefix))
        .findFirst()
        .orElseThrow()
        .substring(prefix.length())
        .trim();
  }

  private static DynamoDbStreamsClient client(URI endpoint) {
    return DynamoDbStreamsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
        .httpClientBuilder(Apache5HttpClient.builder())
        .build();
  }
}
