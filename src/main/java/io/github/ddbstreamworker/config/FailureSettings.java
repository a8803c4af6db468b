package io.github.ddbstreamworker.config;

import io.github.ddbstreamworker.core.failure.FailurePolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * What happens to a record that keeps failing: MAX_RETRY_ATTEMPTS, MAX_RECORD_AGE and the
 * FAILURE_QUEUE_URL it is sent to. Ranges follow a Lambda event source mapping's, but for -1
 * retries (forever): a failing record must never hold its shard for good.
 */
public record FailureSettings(FailurePolicy policy, Optional<URI> failureQueueUrl) {

  private static final long MAX_RETRIES = 10_000;
  private static final long MIN_RECORD_AGE_SECONDS = 60;
  private static final long MAX_RECORD_AGE_SECONDS = 604_800;

  public static FailureSettings from(Function<String, String> lookup) {
    SettingValues values = new SettingValues(lookup);
    int retries =
        (int)
            values.longInRange(
                Setting.MAX_RETRY_ATTEMPTS,
                FailurePolicy.DEFAULT_MAX_RETRY_ATTEMPTS,
                0,
                MAX_RETRIES);
    Optional<Duration> maxAge = maxRecordAge(values);
    Optional<URI> queueUrl = queueUrl(values);
    values.throwIfInvalid();
    return new FailureSettings(FailurePolicy.of(retries, maxAge), queueUrl);
  }

  private static Optional<Duration> maxRecordAge(SettingValues values) {
    String raw = values.raw(Setting.MAX_RECORD_AGE);
    if (raw == null || raw.equals("-1")) {
      return Optional.empty();
    }
    try {
      long seconds = Long.parseLong(raw);
      if (seconds >= MIN_RECORD_AGE_SECONDS && seconds <= MAX_RECORD_AGE_SECONDS) {
        return Optional.of(Duration.ofSeconds(seconds));
      }
    } catch (NumberFormatException e) {
      // reported below, with what is accepted
    }
    values.problem(
        "MAX_RECORD_AGE='"
            + raw
            + "' is not accepted: -1 (no limit) or a whole number of seconds from "
            + MIN_RECORD_AGE_SECONDS
            + " to "
            + MAX_RECORD_AGE_SECONDS);
    return Optional.empty();
  }

  private static Optional<URI> queueUrl(SettingValues values) {
    String raw = values.raw(Setting.FAILURE_QUEUE_URL);
    if (raw == null) {
      return Optional.empty();
    }
    try {
      URI url = new URI(raw);
      if (("https".equals(url.getScheme()) || "http".equals(url.getScheme()))
          && url.getHost() != null
          && url.getPath() != null
          && url.getPath().length() > 1) {
        return Optional.of(url);
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    values.problem(
        "FAILURE_QUEUE_URL='"
            + raw
            + "' is not an SQS queue URL: expected https://sqs.<region>.amazonaws.com/<account>/<queue>");
    return Optional.empty();
  }
}
