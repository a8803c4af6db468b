package io.github.ddbstreamworker.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The packaged Lambda jar, in a fresh JVM as the Lambda runtime would start it. */
class LambdaJarIT {

  private static final Path JAR = Path.of("target", "ddb-stream-worker-lambda.jar");
  private static final String HANDLER = "io.github.ddbstreamworker.lambda.StreamHandler";

  /** The event source mapping's batch size in {@code ecs/ddb-stream-worker.yaml}. */
  private static final int BATCH_SIZE = 100;

  private static final int WARM_INVOCATIONS = 20;

  /**
   * How the Lambda runtimes start the JVM by default: java17 and java21 stop tiered compilation at
   * level 1 (C1 only), and java17 uses the serial collector (Lambda developer guide, "Customize
   * Java runtime startup behavior").
   */
  private static final List<String> LAMBDA_RUNTIME_JVM_FLAGS =
      List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  @Test
  void holdsNeitherTheKclNorTheStreamsAdapter() throws IOException {
    try (ZipFile jar = new ZipFile(JAR.toFile())) {
      assertThat(jar.stream().map(entry -> entry.getName()))
          .isNotEmpty()
          .noneMatch(name -> name.startsWith("software/amazon/kinesis/"))
          .noneMatch(name -> name.startsWith("com/amazonaws/services/dynamodbv2/"))
          .noneMatch(name -> name.startsWith("io/github/ddbstreamworker/kcl/"));
    }
  }

  @Test
  void handlesAnEventInAFreshJvmAndReportsItsColdStart() throws Exception {
    long started = System.nanoTime();
    List<String> lines = invoke("src/test/resources/events/dynamodb-batch.json");
    long coldMillis = (System.nanoTime() - started) / 1_000_000;

    List<JsonNode> json = lines.stream().map(RecordingSink::parse).toList();
    assertThat(json)
        .filteredOn(line -> line.has("type") && line.get("type").asText().equals("item"))
        .extracting(line -> line.get("keys").get("id").asText())
        .containsExactly("order-1", "order-2");
    JsonNode invocation = json.get(json.size() - 1);
    assertThat(invocation.get("batchItemFailures")).isEmpty();
    System.out.printf(
        "{\"type\":\"measurement\",\"lambdaJarBytes\":%d,\"processStartToExitMillis\":%d,\"standIn\":%s}%n",
        Files.size(JAR), coldMillis, invocation);
  }

  @Test
  void reportsThePartialBatchFailureFromTheJar() throws Exception {
    List<String> lines = invoke("src/test/resources/events/dynamodb-batch-with-bad-record.json");

    JsonNode invocation = RecordingSink.parse(lines.get(lines.size() - 1));
    assertThat(invocation.get("batchItemFailures").toString())
        .isEqualTo("[\"111000000000000000005\"]");
  }

  /**
   * Cold start and per-batch time on a full batch: 100 INSERT records (the event source mapping's
   * batch size), each a copy of the real fixture's first INSERT with its own key and sequence
   * number. The JVM gets the flags the Lambda java17 and java21 runtimes start it with.
   */
  @Test
  void measuresColdStartAndPerBatchTimeOnAFullBatchOfInserts() throws Exception {
    Path event = Files.createTempFile("lambda-batch-of-inserts", ".json");
    Files.writeString(event, insertsEvent(BATCH_SIZE));

    List<String> lines = invoke(event.toString(), LAMBDA_RUNTIME_JVM_FLAGS, WARM_INVOCATIONS);

    List<JsonNode> json = lines.stream().map(RecordingSink::parse).toList();
    assertThat(json)
        .filteredOn(line -> line.path("type").asText().equals("item"))
        .hasSize(BATCH_SIZE * (1 + WARM_INVOCATIONS));
    JsonNode invocation = json.get(json.size() - 1);
    assertThat(invocation.get("batchItemFailures")).isEmpty();
    assertThat(invocation.get("warmInvocations").asInt()).isEqualTo(WARM_INVOCATIONS);
    // The constructor rehearsed a record on the same path (and, with SnapStart, before the
    // snapshot): the first real batch loads no class of its own.
    assertThat(invocation.get("firstHandleClassesLoaded").asLong()).isZero();
    System.out.printf(
        "{\"type\":\"measurement\",\"lambdaBatchRecords\":%d,\"eventBytes\":%d,"
            + "\"jvmFlags\":\"%s\",\"standIn\":%s}%n",
        BATCH_SIZE, Files.size(event), String.join(" ", LAMBDA_RUNTIME_JVM_FLAGS), invocation);
  }

  /** {@code count} INSERT records, copies of the fixture's first, with their own keys. */
  private static String insertsEvent(int count) throws IOException {
    JsonNode fixture =
        RecordingSink.JSON.readTree(
            Path.of("src/test/resources/events/dynamodb-batch.json").toFile());
    JsonNode insert =
        StreamSupport.stream(fixture.get("Records").spliterator(), false)
            .filter(record -> record.get("eventName").asText().equals("INSERT"))
            .findFirst()
            .orElseThrow();
    ObjectNode event = RecordingSink.JSON.createObjectNode();
    ArrayNode records = event.putArray("Records");
    for (int i = 0; i < count; i++) {
      ObjectNode record = insert.deepCopy();
      String id = String.format("item-%03d", i);
      record.put("eventID", String.format("%032x", i));
      ObjectNode dynamodb = (ObjectNode) record.get("dynamodb");
      ((ObjectNode) dynamodb.get("Keys").get("id")).put("S", id);
      ((ObjectNode) dynamodb.get("NewImage").get("id")).put("S", id);
      dynamodb.put("SequenceNumber", String.format("2%020d", i));
      records.add(record);
    }
    return RecordingSink.JSON.writeValueAsString(event);
  }

  private static List<String> invoke(String event) throws Exception {
    return invoke(event, List.of(), 0);
  }

  private static List<String> invoke(String event, List<String> jvmFlags, int warmInvocations)
      throws Exception {
    String classPath =
        String.join(
            File.pathSeparator,
            JAR.toString(),
            Path.of("target", "test-classes").toString(),
            runtimeSerializationJar());
    Path output = Files.createTempFile("lambda-invoke", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(
        List.of(
            "-cp",
            classPath,
            LambdaRuntimeStandIn.class.getName(),
            HANDLER,
            event,
            String.valueOf(warmInvocations)));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
    return lines;
  }

  /**
   * The Lambda runtime brings its own serializer; the stand-in borrows it from the test class path.
   */
  private static String runtimeSerializationJar() {
    return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> entry.contains("aws-lambda-java-serialization"))
        .findFirst()
        .orElseThrow();
  }
}
