package io.github.ddbstreamworker.core.failure;

import java.time.Duration;
import java.util.Optional;

/**
 * How a failing record is retried before it is handed to the failure destination, and how old a
 * record may be before it is handed over untried. The names follow a Lambda event source mapping's
 * MaximumRetryAttempts and MaximumRecordAgeInSeconds.
 *
 * @param maxRetryAttempts retries after the first attempt, 0 to 10,000
 * @param maxRecordAge records whose approximate creation time is older are not processed; empty
 *     means no limit
 * @param firstBackoff pause before the first retry; each later pause doubles, up to maxBackoff
 */
public record FailurePolicy(
    int maxRetryAttempts,
    Optional<Duration> maxRecordAge,
    Duration firstBackoff,
    Duration maxBackoff) {

  public static final int DEFAULT_MAX_RETRY_ATTEMPTS = 3;
  public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(100);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);

  public static FailurePolicy of(int maxRetryAttempts, Optional<Duration> maxRecordAge) {
    return new FailurePolicy(
        maxRetryAttempts, maxRecordAge, DEFAULT_FIRST_BACKOFF, DEFAULT_MAX_BACKOFF);
  }

  public static FailurePolicy defaults() {
    return of(DEFAULT_MAX_RETRY_ATTEMPTS, Optional.empty());
  }
}
