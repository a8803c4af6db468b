package io.github.ddbstreamworker.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The packaged Lambda jar, in a fresh JVM as the Lambda runtime would start it. */
class LambdaJarIT {

  private static final Path JAR = Path.of("target", "ddb-stream-worker-lambda.jar");
  private static final String HANDLER = "io.github.ddbstreamworker.lambda.StreamHandler";

  @Test
  void holdsNeitherTheKclNorDynamoDbLocal() throws IOException {
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

  private static List<String> invoke(String event) throws Exception {
    String classPath =
        String.join(
            File.pathSeparator,
            JAR.toString(),
            Path.of("target", "test-classes").toString(),
            runtimeSerializationJar());
    Path output = Files.createTempFile("lambda-invoke", ".log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                LambdaRuntimeStandIn.class.getName(),
                HANDLER,
                event)
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
