package io.github.ddbstreamworker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.ddbstreamworker.testsupport.WorkerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every setting that can be wrong, wrong in the ways people get it wrong: each is reported once,
 * naming the setting and what it accepts, and all of them together in one report.
 */
class BadSettingsTest {

  private static final String TABLE_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";
  private static final String STREAM_ARN = TABLE_ARN + "/stream/2024-01-01T00:00:00.000";
  private static final String INTEGERS = "is not accepted: a whole number from ";

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad(
            "TABLE_NAME",
            "ab",
            "TABLE_NAME='ab' is not a DynamoDB table name",
            "3 to 255 characters of A-Z a-z 0-9 _ . -"),
        bad(
            "TABLE_NAME",
            "orders!",
            "TABLE_NAME='orders!' is not a DynamoDB table name",
            "3 to 255 characters of A-Z a-z 0-9 _ . -"),
        bad(
            "STREAM_ARN",
            "orders",
            "STREAM_ARN='orders' is not a DynamoDB stream ARN",
            "arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>"),
        bad(
            "STREAM_ARN",
            TABLE_ARN,
            "STREAM_ARN='" + TABLE_ARN + "' is not a DynamoDB stream ARN",
            "arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>"),
        source(
            "both TABLE_NAME and STREAM_ARN",
            Map.of("TABLE_NAME", "orders", "STREAM_ARN", STREAM_ARN),
            "TABLE_NAME and STREAM_ARN are both set",
            "set only one"),
        source(
            "neither TABLE_NAME nor STREAM_ARN",
            Map.of("TABLE_NAME", "  ", "POLL_INTERVAL_MS", "100"),
            "TABLE_NAME or STREAM_ARN is required",
            "the table whose stream to consume, or the stream's ARN"),
        bad(
            "APPLICATION_NAME",
            "orders consumer",
            "APPLICATION_NAME='orders consumer' cannot name a lease table",
            "3 to 255 characters of A-Z a-z 0-9 _ . -"),
        bad(
            "INITIAL_POSITION",
            "EARLIEST",
            "INITIAL_POSITION='EARLIEST' is not accepted",
            "[TRIM_HORIZON, LATEST, AT_TIMESTAMP, SNAPSHOT]"),
        bad(
            "INITIAL_TIMESTAMP",
            "yesterday",
            "INITIAL_TIMESTAMP='yesterday' is not accepted",
            "an ISO-8601 instant (2026-12-01T10:00:00Z) or a positive duration back"),
        bad(
            "INITIAL_TIMESTAMP",
            "2026-12-01 10:00",
            "INITIAL_TIMESTAMP='2026-12-01 10:00' is not accepted",
            "an ISO-8601 instant"),
        bad(
            "INITIAL_TIMESTAMP",
            "-PT1H",
            "INITIAL_TIMESTAMP='-PT1H' is not accepted",
            "a positive duration back from the worker's start (PT1H, PT30M)"),
        bad("INITIAL_TIMESTAMP", "PT0S", "INITIAL_TIMESTAMP='PT0S' is not accepted", "(PT1H"),
        source(
            "AT_TIMESTAMP without INITIAL_TIMESTAMP",
            Map.of("TABLE_NAME", "orders", "INITIAL_POSITION", "AT_TIMESTAMP"),
            "INITIAL_POSITION=AT_TIMESTAMP needs INITIAL_TIMESTAMP (flag --initial-timestamp)",
            "an ISO-8601 instant"),
        source(
            "INITIAL_TIMESTAMP without AT_TIMESTAMP",
            Map.of("TABLE_NAME", "orders", "INITIAL_TIMESTAMP", "PT1H"),
            "INITIAL_TIMESTAMP is set but INITIAL_POSITION is TRIM_HORIZON",
            "set INITIAL_POSITION=AT_TIMESTAMP, or leave INITIAL_TIMESTAMP unset"),
        source(
            "SNAPSHOT_SEGMENTS=0",
            Map.of(
                "TABLE_NAME", "orders", "INITIAL_POSITION", "SNAPSHOT", "SNAPSHOT_SEGMENTS", "0"),
            "SNAPSHOT_SEGMENTS='0' " + INTEGERS,
            "1 to 1000"),
        source(
            "SNAPSHOT_SEGMENTS=1001",
            Map.of(
                "TABLE_NAME",
                "orders",
                "INITIAL_POSITION",
                "SNAPSHOT",
                "SNAPSHOT_SEGMENTS",
                "1001"),
            "SNAPSHOT_SEGMENTS='1001' " + INTEGERS,
            "1 to 1000"),
        source(
            "SNAPSHOT_READ_CAPACITY=0",
            Map.of(
                "TABLE_NAME",
                "orders",
                "INITIAL_POSITION",
                "SNAPSHOT",
                "SNAPSHOT_READ_CAPACITY",
                "0"),
            "SNAPSHOT_READ_CAPACITY='0' " + INTEGERS,
            "1 to 1000000"),
        source(
            "SNAPSHOT_READ_CAPACITY=lots",
            Map.of(
                "TABLE_NAME",
                "orders",
                "INITIAL_POSITION",
                "SNAPSHOT",
                "SNAPSHOT_READ_CAPACITY",
                "lots"),
            "SNAPSHOT_READ_CAPACITY='lots' " + INTEGERS,
            "1 to 1000000"),
        source(
            "SNAPSHOT_READ_CAPACITY without SNAPSHOT",
            Map.of("TABLE_NAME", "orders", "SNAPSHOT_READ_CAPACITY", "500"),
            "SNAPSHOT_READ_CAPACITY is set but INITIAL_POSITION is TRIM_HORIZON",
            "set INITIAL_POSITION=SNAPSHOT, or leave SNAPSHOT_READ_CAPACITY unset"),
        source(
            "SNAPSHOT_SEGMENTS without SNAPSHOT",
            Map.of("TABLE_NAME", "orders", "INITIAL_POSITION", "LATEST", "SNAPSHOT_SEGMENTS", "8"),
            "SNAPSHOT_SEGMENTS is set but INITIAL_POSITION is LATEST",
            "set INITIAL_POSITION=SNAPSHOT, or leave SNAPSHOT_SEGMENTS unset"),
        bad(
            "WORKER_ID",
            "w".repeat(257),
            "WORKER_ID is 257 characters long",
            "at most 256 are accepted"),
        bad("POLL_INTERVAL_MS", "9", "POLL_INTERVAL_MS='9' " + INTEGERS, "10 to 300000"),
        bad("POLL_INTERVAL_MS", "300001", "POLL_INTERVAL_MS='300001' " + INTEGERS, "10 to 300000"),
        bad("POLL_INTERVAL_MS", "fast", "POLL_INTERVAL_MS='fast' " + INTEGERS, "10 to 300000"),
        bad("MAX_RECORDS", "0", "MAX_RECORDS='0' " + INTEGERS, "1 to 1000"),
        bad("MAX_RECORDS", "1001", "MAX_RECORDS='1001' " + INTEGERS, "1 to 1000"),
        bad(
            "CHECKPOINT_INTERVAL_MS",
            "-5",
            "CHECKPOINT_INTERVAL_MS='-5' " + INTEGERS,
            "0 to 300000"),
        // 0 is refused rather than read as 'no bound' or as 'every batch': -1 is the no bound.
        bad(
            "CHECKPOINT_INTERVAL_RECORDS",
            "0",
            "CHECKPOINT_INTERVAL_RECORDS='0' is not accepted: -1 (no record bound) or",
            "1 to 1000000"),
        bad(
            "CHECKPOINT_INTERVAL_RECORDS",
            "1000001",
            "CHECKPOINT_INTERVAL_RECORDS='1000001' is not accepted: -1 (no record bound) or",
            "1 to 1000000"),
        bad(
            "CHECKPOINT_INTERVAL_RECORDS",
            "1k",
            "CHECKPOINT_INTERVAL_RECORDS='1k' is not accepted: -1 (no record bound) or",
            "1 to 1000000"),
        bad("MAX_LEASES_PER_WORKER", "0", "MAX_LEASES_PER_WORKER='0' " + INTEGERS, "1 to 10000"),
        bad(
            "MAX_LEASES_PER_WORKER",
            "10001",
            "MAX_LEASES_PER_WORKER='10001' " + INTEGERS,
            "1 to 10000"),
        bad("FAILOVER_TIME_MS", "2999", "FAILOVER_TIME_MS='2999' " + INTEGERS, "3000 to 300000"),
        // The criteria are not repeated: they can be long JSON; the problem says which filter.
        bad(
            "FILTER_CRITERIA",
            "{\"eventName\":[\"INSERT\"]",
            "FILTER_CRITERIA not valid JSON: ",
            "Unexpected end-of-input"),
        bad(
            "FILTER_CRITERIA",
            "{\"eventName\":[{\"wildcard\":\"INS*\"}]}",
            "FILTER_CRITERIA filter 0: operator 'wildcard' is not supported by Lambda",
            "use one of [anything-but, equals-ignore-case, exists, numeric, prefix, suffix]"),
        bad(
            "REDACT_ATTRIBUTES",
            "email,a..b",
            "REDACT_ATTRIBUTES='email,a..b' is not a comma-separated list of attribute paths",
            "(email,card.number): 'a..b' has an empty attribute name"),
        bad("LOG_FORMAT", "xml", "LOG_FORMAT='xml' is not accepted", "json or text"),
        bad("MAX_RETRY_ATTEMPTS", "-1", "MAX_RETRY_ATTEMPTS='-1' " + INTEGERS, "0 to 10000"),
        bad(
            "MAX_RECORD_AGE",
            "59",
            "MAX_RECORD_AGE='59' is not accepted: -1 (no limit) or",
            "60 to 604800"),
        bad(
            "FAILURE_QUEUE_URL",
            "queue",
            "FAILURE_QUEUE_URL='queue' is not an SQS queue URL",
            "https://sqs.<region>.amazonaws.com/<account>/<queue>"),
        bad("HTTP_PORT", "70000", "HTTP_PORT='70000' " + INTEGERS, "0 to 65535"),
        bad(
            "METRICS_EXPORT",
            "prometheus",
            "METRICS_EXPORT='prometheus' is not accepted",
            "none or cloudwatch"),
        bad(
            "METRICS_NAMESPACE",
            "AWS/DynamoDB",
            "METRICS_NAMESPACE='AWS/DynamoDB' is not a CloudWatch namespace",
            "not starting with AWS/"),
        bad(
            "METRICS_NAMESPACE",
            "my metrics",
            "METRICS_NAMESPACE='my metrics' is not a CloudWatch namespace",
            "1 to 255 of A-Z a-z 0-9 . _ / # : -"),
        bad("METRICS_STEP_SECONDS", "0", "METRICS_STEP_SECONDS='0' " + INTEGERS, "1 to 3600"),
        bad(
            "METRICS_LEVEL",
            "LOUD",
            "METRICS_LEVEL='LOUD' is not accepted",
            "NONE, SUMMARY or DETAILED"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void reportsOneProblemNamingTheSettingAndWhatItAccepts(
      String description, Map<String, String> settings, String start, String accepted) {
    InvalidSettingsException error = rejected(settings);

    assertThat(error.problems())
        .singleElement()
        .satisfies(problem -> assertThat(problem).startsWith(start).contains(accepted));
    assertThat(error.getMessage()).contains(error.problems().get(0));
  }

  @Test
  void reportsEveryBadSettingTogetherInOneException() {
    Map<String, String> settings = new HashMap<>();
    settings.put("TABLE_NAME", "ab");
    settings.put("STREAM_ARN", "orders");
    settings.put("APPLICATION_NAME", "orders consumer");
    settings.put("INITIAL_POSITION", "EARLIEST");
    settings.put("INITIAL_TIMESTAMP", "yesterday");
    settings.put("SNAPSHOT_SEGMENTS", "0");
    settings.put("SNAPSHOT_READ_CAPACITY", "none");
    settings.put("WORKER_ID", "w".repeat(257));
    settings.put("POLL_INTERVAL_MS", "fast");
    settings.put("MAX_RECORDS", "1001");
    settings.put("CHECKPOINT_INTERVAL_MS", "-5");
    settings.put("CHECKPOINT_INTERVAL_RECORDS", "0");
    settings.put("MAX_LEASES_PER_WORKER", "none");
    settings.put("FAILOVER_TIME_MS", "1000");
    settings.put("FILTER_CRITERIA", "{\"eventName\":[{\"wildcard\":\"INS*\"}]}");
    settings.put("REDACT_ATTRIBUTES", "a..b");
    settings.put("LOG_FORMAT", "logfmt");
    settings.put("MAX_RETRY_ATTEMPTS", "-1");
    settings.put("MAX_RECORD_AGE", "59");
    settings.put("FAILURE_QUEUE_URL", "queue");
    settings.put("HTTP_PORT", "70000");
    settings.put("METRICS_EXPORT", "prometheus");
    settings.put("METRICS_NAMESPACE", "AWS/DynamoDB");
    settings.put("METRICS_STEP_SECONDS", "0");
    settings.put("METRICS_LEVEL", "LOUD");
    // Fails when a setting is added without a bad value here.
    assertThat(settings.keySet())
        .containsExactlyInAnyOrderElementsOf(Setting.all().stream().map(Setting::env).toList());

    List<String> problems = rejected(settings).problems();

    // One problem per setting, except that the two sources set at once are one conflict.
    assertThat(problems).hasSize(Setting.all().size() - 1);
    assertThat(problems).first().asString().startsWith("TABLE_NAME and STREAM_ARN are both set");
    for (Setting<?> setting : Setting.all()) {
      assertThat(problems)
          .as("a problem names %s", setting)
          .anySatisfy(
              problem -> assertThat(problem).containsPattern("\\b" + setting.env() + "\\b"));
    }
  }

  @Test
  void theCommandLineExitsWithCode2NamingEachBadSettingWithinTenSecondsWithoutCallingAws()
      throws Exception {
    try (ServerSocket aws = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Map<String, String> environment = new HashMap<>();
      environment.put("AWS_REGION", "us-east-1");
      environment.put("AWS_ENDPOINT_URL", "http://localhost:" + aws.getLocalPort());
      environment.put("TABLE_NAME", "ab");
      environment.put("WORKER_ID", "w".repeat(257));
      environment.put("MAX_RECORDS", "1001");
      environment.put("MAX_RECORD_AGE", "59");
      environment.put("FAILURE_QUEUE_URL", "queue");
      environment.put("HTTP_PORT", "70000");
      environment.put("METRICS_LEVEL", "LOUD");
      environment.put("LOG_FORMAT", "xml");
      environment.put("INITIAL_POSITION", "AT_TIMESTAMP");
      long started = System.nanoTime();

      try (WorkerProcess worker = WorkerProcess.start(environment, "run")) {
        assertThat(worker.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
        Duration toExit = Duration.ofNanos(System.nanoTime() - started);

        assertThat(toExit).isLessThan(Duration.ofSeconds(10));
        assertThat(worker.output())
            .contains("TABLE_NAME='ab' is not a DynamoDB table name")
            .contains("WORKER_ID is 257 characters long")
            .contains("MAX_RECORDS='1001' " + INTEGERS + "1 to 1000")
            .contains("MAX_RECORD_AGE='59' is not accepted: -1 (no limit) or")
            .contains("FAILURE_QUEUE_URL='queue' is not an SQS queue URL")
            .contains("HTTP_PORT='70000' " + INTEGERS + "0 to 65535")
            .contains("METRICS_LEVEL='LOUD' is not accepted")
            .contains("LOG_FORMAT='xml' is not accepted")
            .contains("INITIAL_POSITION=AT_TIMESTAMP needs INITIAL_TIMESTAMP");
        assertThat(worker.stderrLines()).hasSize(1);
        assertThat(worker.stdoutLines()).isEmpty();
      }
      aws.setSoTimeout(1);
      assertThat(acceptsConnection(aws)).as("an AWS call was made").isFalse();
    }
  }

  private static Arguments bad(String setting, String value, String start, String accepted) {
    String shown = value.length() > 40 ? value.length() + " characters" : value;
    boolean aboutTheSource = setting.equals("TABLE_NAME") || setting.equals("STREAM_ARN");
    Map<String, String> settings =
        aboutTheSource ? Map.of(setting, value) : Map.of("TABLE_NAME", "orders", setting, value);
    return Arguments.of(setting + "=" + shown, settings, start, accepted);
  }

  private static Arguments source(
      String description, Map<String, String> settings, String start, String accepted) {
    return Arguments.of(description, settings, start, accepted);
  }

  private static InvalidSettingsException rejected(Map<String, String> settings) {
    InvalidSettingsException error =
        catchThrowableOfType(InvalidSettingsException.class, () -> Settings.from(settings::get));
    assertThat(error).as("settings %s are rejected", settings.keySet()).isNotNull();
    return error;
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
