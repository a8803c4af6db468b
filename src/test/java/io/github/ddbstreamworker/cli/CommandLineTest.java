package io.github.ddbstreamworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import io.github.ddbstreamworker.testsupport.WorkerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The command line in a child JVM: start-up errors, {@code run} with SIGTERM, and {@code local}.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class CommandLineTest {

  private static final Duration START = Duration.ofSeconds(60);

  @Test
  void badSettingsFailAtStartUpNamingEachOneBeforeAnyAwsCall() throws Exception {
    try (ServerSocket aws = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Map<String, String> environment = new HashMap<>();
      environment.put("AWS_REGION", "us-east-1");
      environment.put("AWS_ENDPOINT_URL", "http://localhost:" + aws.getLocalPort());
      environment.put("INITIAL_POSITION", "EARLIEST");
      environment.put("POLL_INTERVAL_MS", "fast");
      environment.put("FILTER_CRITERIA", "{\"eventName\":\"INSERT\"}");

      try (WorkerProcess worker = WorkerProcess.start(environment, "run", "--max-records", "0")) {
        assertThat(worker.awaitExit(START)).isEqualTo(2);
        assertThat(worker.output())
            .contains("TABLE_NAME or STREAM_ARN is required")
            .contains("INITIAL_POSITION='EARLIEST'")
            .contains("POLL_INTERVAL_MS='fast'")
            .contains("MAX_RECORDS='0'")
            .contains("FILTER_CRITERIA filter 0: \\\"eventName\\\" must be an object or an array");
        assertThat(worker.stderrLines()).hasSize(1);
        assertThat(worker.stdoutLines()).isEmpty();
      }
      aws.setSoTimeout(1);
      assertThat(acceptsConnection(aws)).as("an AWS call was made").isFalse();
    }
  }

  @Test
  void aMissingTableIsAClearErrorNamingIt() throws Exception {
    Map<String, String> environment = new HashMap<>(WorkerProcess.motoAwsEnvironment());
    environment.put("TABLE_NAME", "no-such-table");

    try (WorkerProcess worker = WorkerProcess.start(environment, "run")) {
      assertThat(worker.awaitExit(START)).isEqualTo(1);
      assertThat(worker.output()).contains("table 'no-such-table' does not exist");
    }
  }

  @Test
  void aTableWithoutAStreamIsAClearErrorNamingIt() throws Exception {
    String table = "no-stream-" + System.nanoTime() % 100_000;
    MotoDynamoDb.clients()
        .dynamoDb()
        .createTable(
            request ->
                request
                    .tableName(table)
                    .keySchema(
                        KeySchemaElement.builder()
                            .attributeName("id")
                            .keyType(KeyType.HASH)
                            .build())
                    .attributeDefinitions(
                        AttributeDefinition.builder()
                            .attributeName("id")
                            .attributeType(ScalarAttributeType.S)
                            .build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
    Map<String, String> environment = new HashMap<>(WorkerProcess.motoAwsEnvironment());
    environment.put("TABLE_NAME", table);

    try (WorkerProcess worker = WorkerProcess.start(environment, "run")) {
      assertThat(worker.awaitExit(START)).isEqualTo(1);
      assertThat(worker.output()).contains("table '" + table + "' has no stream enabled");
    }
  }

  @Test
  void runWritesItemsAloneOnStdoutAndJsonLogsOnStderrAndStopsCleanlyOnSigterm() throws Exception {
    String table = MotoDynamoDb.newTable("run-process", StreamViewType.NEW_AND_OLD_IMAGES);
    MotoDynamoDb.put(table, "a", "logged");
    Map<String, String> environment = new HashMap<>(WorkerProcess.motoAwsEnvironment());
    environment.put("TABLE_NAME", table);
    environment.put("WORKER_ID", "run-process-worker");
    environment.put("HTTP_PORT", "0");

    try (ServerSocket cloudWatch = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        WorkerProcess worker =
            WorkerProcess.start(withCloudWatchAt(environment, cloudWatch), "run")) {
      Duration firstRecord = worker.awaitLine(line -> line.contains("\"type\":\"item\""), START);
      int port = endpointPort(worker);
      Awaitility.await().atMost(START).until(() -> status(port, "/ready") == 200);
      assertThat(status(port, "/health")).isEqualTo(200);
      assertThat(body(port, "/metrics"))
          .contains("ddb_stream_records_total{event_name=\"INSERT\",outcome=\"logged\"} 1.0")
          .contains("ddb_stream_leases_held 1.0");
      worker.terminate();
      long stopping = System.nanoTime();

      assertThat(worker.awaitExit(Duration.ofSeconds(30))).isZero();
      Duration stop = Duration.ofNanos(System.nanoTime() - stopping);
      assertThat(worker.stdoutLines().stream().map(RecordingSink::parse))
          .singleElement()
          .satisfies(
              line -> {
                assertThat(line.get("type").asText()).isEqualTo("item");
                assertThat(line.get("item").get("value").asText()).isEqualTo("logged");
              });
      List<JsonNode> log = worker.stderrLines().stream().map(RecordingSink::parse).toList();
      assertThat(log)
          .isNotEmpty()
          .allSatisfy(
              line -> {
                assertThat(line.isObject()).isTrue();
                assertThat(line.has("type")).as("an item line on stderr").isFalse();
                assertThat(line.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
                assertThat(line.path("level").asText()).isIn("INFO", "DEBUG");
                assertThat(line.path("message").asText()).isNotEmpty();
                assertThat(line.has("stackTrace")).as("a stack trace: %s", line).isFalse();
              });
      assertThat(log)
          .filteredOn(
              line -> line.path("message").asText().equals("processing shard from TRIM_HORIZON"))
          .singleElement()
          .satisfies(line -> assertThat(line.path("shardId").asText()).startsWith("shardId-"));
      assertThat(worker.output())
          .contains("checkpointed for shutdown")
          .contains("released 1 lease(s)");
      assertThat(leaseOwners("ddb-stream-worker-" + table)).containsOnlyNulls();
      cloudWatch.setSoTimeout(1);
      assertThat(acceptsConnection(cloudWatch)).as("KCL metrics were sent to CloudWatch").isFalse();
      System.out.printf(
          "{\"type\":\"measurement\",\"runColdStartToFirstRecordMillis\":%d,\"sigtermToExitMillis\":%d}%n",
          firstRecord.toMillis(), stop.toMillis());
    }
  }

  /** The stream is looked at every 30 s, so this waits about that long for the end. */
  @Test
  void runExitsWithCode3OnceItsTablesStreamIsGone() throws Exception {
    String table = MotoDynamoDb.newTable("run-ends", StreamViewType.NEW_AND_OLD_IMAGES);
    MotoDynamoDb.put(table, "a", "logged");
    Map<String, String> environment = new HashMap<>(WorkerProcess.motoAwsEnvironment());
    environment.put("TABLE_NAME", table);
    environment.put("WORKER_ID", "run-ends-worker");

    try (WorkerProcess worker = WorkerProcess.start(environment, "run")) {
      worker.awaitLine(line -> line.contains("\"type\":\"item\""), START);
      MotoDynamoDb.clients().dynamoDb().deleteTable(request -> request.tableName(table));

      assertThat(worker.awaitExit(Duration.ofSeconds(90))).isEqualTo(ExitCode.STREAM_ENDED);
      assertThat(worker.stderrLines().stream().map(RecordingSink::parse))
          .filteredOn(line -> line.path("level").asText().equals("ERROR"))
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line.path("message").asText())
                      .startsWith("StreamEnded:")
                      .contains(table));
    }
  }

  @Test
  void noCredentialOrRedactedValueEverAppearsInOutputOrMetrics() throws Exception {
    String secretKey = "wJalrXUtnFEMI/K7MDENG/secret-never-printed";
    String sessionToken = "FwoGZXIvYXdzEBYaDsession-token-never-printed";
    String email = "alice@example.com";
    String cardNumber = "4111111111111111";
    String table = MotoDynamoDb.newTable("secrets", StreamViewType.NEW_AND_OLD_IMAGES);
    MotoDynamoDb.put(
        table,
        Map.of(
            "id", AttributeValue.fromS("customer-1"),
            "email", AttributeValue.fromS(email),
            "card",
                AttributeValue.fromM(
                    Map.of(
                        "number", AttributeValue.fromS(cardNumber),
                        "brand", AttributeValue.fromS("VISA")))));
    Map<String, String> environment = new HashMap<>(WorkerProcess.motoAwsEnvironment());
    // moto_server accepts any credentials: these are values a leak would show.
    environment.put("AWS_SECRET_ACCESS_KEY", secretKey);
    environment.put("AWS_SESSION_TOKEN", sessionToken);
    environment.put("TABLE_NAME", table);
    environment.put("HTTP_PORT", "0");
    environment.put("REDACT_ATTRIBUTES", "email,card.number");

    try (WorkerProcess worker = WorkerProcess.start(environment, "run")) {
      worker.awaitLine(line -> line.contains("\"type\":\"item\""), START);
      String metrics = body(endpointPort(worker), "/metrics");
      worker.terminate();
      assertThat(worker.awaitExit(Duration.ofSeconds(30))).isZero();

      JsonNode item =
          worker.lines().stream()
              .map(RecordingSink::parse)
              .filter(line -> line.has("type"))
              .findFirst()
              .orElseThrow()
              .get("item");
      assertThat(item.get("email").asText()).isEqualTo("[redacted]");
      assertThat(item.get("card").get("number").asText()).isEqualTo("[redacted]");
      assertThat(item.get("card").get("brand").asText()).isEqualTo("VISA");
      for (String secret : List.of(secretKey, sessionToken, email, cardNumber)) {
        assertThat(worker.output()).doesNotContain(secret);
        assertThat(metrics).doesNotContain(secret);
      }
    }
  }

  @Test
  void localModeLogsInsertsLeavesOutModifyAndRemoveAndStopsOnSigterm() throws Exception {
    try (WorkerProcess worker =
        WorkerProcess.start(
            Map.of(),
            "local",
            "--port",
            "0",
            "--http-port",
            "0",
            "--write-interval-ms",
            "100",
            "--summary-interval-ms",
            "1000")) {
      Duration firstRecord =
          worker.awaitLine(
              line ->
                  line.contains("\"type\":\"item\"") && line.contains("\"eventName\":\"INSERT\""),
              START);
      worker.awaitLine(
          line -> line.contains("MODIFY filtered=") && line.contains("REMOVE filtered="), START);
      ProcessHandle moto = motoServerStartedBy(worker);
      worker.terminate();

      assertThat(worker.awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(moto.isAlive()).as("moto_server stopped with local").isFalse();
      assertThat(worker.stdoutLines().stream().map(RecordingSink::parse))
          .extracting(line -> line.get("eventName").asText())
          .containsOnly("INSERT");
      // stderr is a file here, not a terminal: JSON, as from run.
      List<JsonNode> log = worker.stderrLines().stream().map(RecordingSink::parse).toList();
      assertThat(log)
          .extracting(line -> line.path("message").asText())
          .anySatisfy(
              message ->
                  assertThat(message)
                      .contains(
                          "aws dynamodb scan --table-name demo-items --endpoint-url http://127.0.0.1:"));
      assertThat(log)
          .as("a normal start and stop of local")
          .allSatisfy(
              line -> {
                assertThat(line.path("level").asText()).isIn("INFO", "DEBUG");
                assertThat(line.has("stackTrace")).isFalse();
              });
      System.out.printf(
          "{\"type\":\"measurement\",\"localColdStartToFirstRecordMillis\":%d}%n",
          firstRecord.toMillis());
    }
  }

  @Test
  void localFindsAndStopsAMotoServerLeftBehindByAKilledRun(@TempDir Path temporary)
      throws Exception {
    // Both runs keep their records of child processes under a temporary directory of their own:
    // under the shared one, any moto_server started meanwhile by another JVM (a second test fork,
    // another build on the machine) would find the left-behind server first and stop it.
    List<String> ownTemporaryDirectory = List.of("-Djava.io.tmpdir=" + temporary);
    ProcessHandle leftBehind;
    try (WorkerProcess killed =
        WorkerProcess.start(ownTemporaryDirectory, Map.of(), "local", "--port", "0")) {
      killed.awaitLine(line -> line.contains("moto_server started"), START);
      leftBehind = motoServerStartedBy(killed);
      killed.kill();
    }
    assertThat(leftBehind.isAlive()).as("kill -9 runs no shutdown hook").isTrue();

    try (WorkerProcess next =
        WorkerProcess.start(
            ownTemporaryDirectory, Map.of(), "local", "--port", "0", "--http-port", "0")) {
      next.awaitLine(
          line ->
              line.contains("pid " + leftBehind.pid())
                  && line.contains("left running by an earlier run"),
          START);
      leftBehind.onExit().get(10, TimeUnit.SECONDS);
      next.awaitLine(line -> line.contains("\"type\":\"item\""), START);
      next.terminate();
      assertThat(next.awaitExit(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  void localWithoutMotoServerExitsWithCode2AndSaysHowToGetIt() throws Exception {
    try (WorkerProcess worker =
        WorkerProcess.start(Map.of("PATH", "/nonexistent"), "local", "--port", "0")) {
      assertThat(worker.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      assertThat(worker.output())
          .contains("moto_server was not found on the PATH")
          .contains("pip install")
          .contains("motoserver")
          .contains("--endpoint-url");
    }
  }

  @Test
  void localWithEndpointUrlUsesTheServerGivenAndStartsNone() throws Exception {
    String endpoint = MotoDynamoDb.endpoint().toString();
    String table = "local-endpoint-" + System.nanoTime() % 100_000;
    try (WorkerProcess worker =
        WorkerProcess.start(
            Map.of("TABLE_NAME", table),
            "local",
            "--endpoint-url",
            endpoint,
            "--http-port",
            "0",
            "--write-interval-ms",
            "100")) {
      worker.awaitLine(line -> line.contains("\"type\":\"item\""), START);
      worker.terminate();
      assertThat(worker.awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(worker.output()).doesNotContain("moto_server started");
    }
  }

  /** The child that {@code local} logged it started. */
  private static ProcessHandle motoServerStartedBy(WorkerProcess worker) {
    String line =
        worker.lines().stream()
            .filter(l -> l.contains("moto_server started: pid "))
            .findFirst()
            .orElseThrow();
    long pid = Long.parseLong(line.replaceAll(".*moto_server started: pid (\\d+).*", "$1"));
    return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
  }

  private static int endpointPort(WorkerProcess worker) {
    String line =
        worker.lines().stream()
            .filter(l -> l.contains("serving") && l.contains("on port"))
            .findFirst()
            .orElseThrow();
    return Integer.parseInt(line.replaceAll(".*on port (\\d+).*", "$1"));
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static int status(int port, String path) throws Exception {
    return get(port, path).statusCode();
  }

  private static String body(int port, String path) throws Exception {
    return get(port, path).body();
  }

  private static Map<String, String> withCloudWatchAt(
      Map<String, String> environment, ServerSocket cloudWatch) {
    Map<String, String> withCloudWatch = new HashMap<>(environment);
    withCloudWatch.put(
        "AWS_ENDPOINT_URL_CLOUDWATCH", "http://localhost:" + cloudWatch.getLocalPort());
    return withCloudWatch;
  }

  private static List<String> leaseOwners(String leaseTable) {
    return MotoDynamoDb.clients()
        .dynamoDb()
        .scan(request -> request.tableName(leaseTable))
        .items()
        .stream()
        .map(item -> LeaseRows.read(item).owner())
        .toList();
  }

  private static boolean acceptsConnection(ServerSocket server) throws IOException {
    try {
      server.accept().close();
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }
}
