package io.github.ddbstreamworker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbstreamworker.core.Redaction;
import io.github.ddbstreamworker.core.failure.FailurePolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

class FailureSettingsTest {

  private static FailureSettings from(String setting, String value) {
    return FailureSettings.from(Map.of(setting, value)::get);
  }

  private static void assertRejected(String setting, String value, String accepted) {
    assertThatThrownBy(() -> from(setting, value))
        .isInstanceOfSatisfying(
            InvalidSettingsException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith(setting + "='" + value + "'")
                    .contains(accepted));
  }

  @Test
  void defaultsToThreeRetriesNoAgeLimitAndNoQueue() {
    FailureSettings settings = FailureSettings.from(Map.<String, String>of()::get);

    assertThat(settings.policy().maxRetryAttempts()).isEqualTo(3);
    assertThat(settings.policy().maxRecordAge()).isEmpty();
    assertThat(settings.failureQueueUrl()).isEmpty();
    assertThat(settings.policy()).isEqualTo(FailurePolicy.defaults());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 10_000})
  void acceptsRetryAttemptsAtEitherEndOfTheRange(int retries) {
    assertThat(from("MAX_RETRY_ATTEMPTS", Integer.toString(retries)).policy().maxRetryAttempts())
        .isEqualTo(retries);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "10001", "x"})
  void rejectsRetryAttemptsOutsideZeroToTenThousand(String value) {
    assertRejected("MAX_RETRY_ATTEMPTS", value, "0 to 10000");
  }

  @Test
  void minusOneMeansNoRecordAgeLimit() {
    assertThat(from("MAX_RECORD_AGE", "-1").policy().maxRecordAge()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {60, 604_800})
  void acceptsARecordAgeFromAMinuteToAWeekInSeconds(int seconds) {
    assertThat(from("MAX_RECORD_AGE", Integer.toString(seconds)).policy().maxRecordAge())
        .contains(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @ValueSource(strings = {"59", "604801", "1h", "0", "-2"})
  void rejectsARecordAgeOutsideAMinuteToAWeek(String value) {
    assertRejected("MAX_RECORD_AGE", value, "60 to 604800");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://sqs.eu-west-1.amazonaws.com/123456789012/failures",
        "http://127.0.0.1:5000/123456789012/q"
      })
  void acceptsAnSqsQueueUrlOrALocalOne(String url) {
    assertThat(from("FAILURE_QUEUE_URL", url).failureQueueUrl()).contains(URI.create(url));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a url", "ftp://x/y", "https://sqs.eu-west-1.amazonaws.com"})
  void rejectsAQueueUrlThatIsNotHttpWithAPath(String url) {
    assertRejected(
        "FAILURE_QUEUE_URL", url, "https://sqs.<region>.amazonaws.com/<account>/<queue>");
  }

  @Test
  void reportsEveryBadSettingTogetherWithTheOtherSettings() {
    Map<String, String> env =
        Map.of(
            "TABLE_NAME", "orders",
            "MAX_RETRY_ATTEMPTS", "many",
            "MAX_RECORD_AGE", "30",
            "FAILURE_QUEUE_URL", "ftp://x/y",
            "REDACT_ATTRIBUTES", "a..b",
            "METRICS_EXPORT", "graphite");

    assertThatThrownBy(() -> Settings.from(env::get))
        .isInstanceOfSatisfying(
            InvalidSettingsException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(5)
                    .anySatisfy(p -> assertThat(p).startsWith("MAX_RETRY_ATTEMPTS='many'"))
                    .anySatisfy(p -> assertThat(p).startsWith("MAX_RECORD_AGE='30'"))
                    .anySatisfy(p -> assertThat(p).startsWith("FAILURE_QUEUE_URL='ftp://x/y'"))
                    .anySatisfy(p -> assertThat(p).startsWith("REDACT_ATTRIBUTES='a..b'"))
                    .anySatisfy(p -> assertThat(p).startsWith("METRICS_EXPORT='graphite'")));
  }

  @Test
  void settingsCarryTheFailureSettingsWhenAllAreGood() {
    Settings settings =
        Settings.from(
            Map.of(
                    "TABLE_NAME", "orders",
                    "MAX_RETRY_ATTEMPTS", "7",
                    "MAX_RECORD_AGE", "3600",
                    "FAILURE_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/f")
                ::get);

    assertThat(settings.failures().policy().maxRetryAttempts()).isEqualTo(7);
    assertThat(settings.failures().policy().maxRecordAge()).contains(Duration.ofHours(1));
    assertThat(settings.failures().failureQueueUrl())
        .contains(URI.create("https://sqs.eu-west-1.amazonaws.com/123456789012/f"));
  }

  @Test
  void namesRedactAttributesAndTheBadPath() {
    assertThatThrownBy(
            () ->
                WorkerSettings.from(
                    Map.of("TABLE_NAME", "orders", "REDACT_ATTRIBUTES", "a,.b")::get))
        .isInstanceOfSatisfying(
            InvalidSettingsException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("REDACT_ATTRIBUTES='a,.b'")
                    .contains("empty attribute name"));
  }

  @Test
  void redactAttributesGivesARedactionThatReplacesThoseAttributes() {
    WorkerSettings settings =
        WorkerSettings.from(
            Map.of("TABLE_NAME", "orders", "REDACT_ATTRIBUTES", "email, card.number")::get);
    Map<String, AttributeValue> image =
        Map.of(
            "id", AttributeValue.fromS("1"),
            "email", AttributeValue.fromS("a@example.com"),
            "card", AttributeValue.fromM(Map.of("number", AttributeValue.fromS("4111"))));
    Record record =
        Record.builder()
            .dynamodb(
                StreamRecord.builder()
                    .keys(Map.of("id", AttributeValue.fromS("1")))
                    .newImage(image)
                    .build())
            .build();

    Map<String, AttributeValue> redacted = settings.redaction().apply(record).dynamodb().newImage();

    AttributeValue hidden = AttributeValue.fromS(Redaction.REDACTED);
    assertThat(redacted)
        .isEqualTo(
            Map.of(
                "id", AttributeValue.fromS("1"),
                "email", hidden,
                "card", AttributeValue.fromM(Map.of("number", hidden))));
  }

  @Test
  void noRedactAttributesMeansNoRedaction() {
    assertThat(WorkerSettings.from(Map.of("TABLE_NAME", "orders")::get).redaction().isEmpty())
        .isTrue();
  }
}
