package io.github.ddbstreamworker.config;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * INITIAL_TIMESTAMP: an instant, or a duration back from the worker's start that becomes one when
 * the settings are read, so that every shard of one run starts at the same time.
 *
 * @param instant when records start; null for a duration not yet resolved
 * @param back the duration it was given as; null when it was given as an instant
 */
public record InitialTimestamp(Instant instant, Duration back) {

  static final String ACCEPTED =
      "an ISO-8601 instant (2026-12-01T10:00:00Z) or a positive duration back from the worker's"
          + " start (PT1H, PT30M)";

  /**
   * @throws IllegalArgumentException when the text is neither an instant nor a positive duration
   */
  static InitialTimestamp parse(String text) {
    try {
      if (text.startsWith("P") || text.startsWith("p")) {
        Duration back = Duration.parse(text);
        if (back.isNegative() || back.isZero()) {
          throw new IllegalArgumentException(ACCEPTED);
        }
        return new InitialTimestamp(null, back);
      }
      return new InitialTimestamp(Instant.parse(text), null);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(ACCEPTED, e);
    }
  }

  /**
   * The instant, a duration counted back from {@code workerStart}, rounded down to the second: AWS
   * rounds a record's ApproximateCreationDateTime down to the second, so a record written in the
   * start's own second, after a start with fractions, would otherwise be left out.
   */
  InitialTimestamp resolvedAt(Instant workerStart) {
    Instant exact = back == null ? instant : workerStart.minus(back);
    return new InitialTimestamp(exact.truncatedTo(ChronoUnit.SECONDS), back);
  }

  /**
   * The start when it was given as an instant, rounded down to the second as {@link #resolvedAt}
   * rounds it; empty when it was given as a duration, which needs a moment to count back from.
   */
  public Optional<Instant> fixedInstant() {
    return back == null ? Optional.of(instant.truncatedTo(ChronoUnit.SECONDS)) : Optional.empty();
  }

  /** As the start-up log shows it: the instant, and the duration it came from. */
  @Override
  public String toString() {
    if (back == null) {
      return instant.toString();
    }
    return instant == null ? back.toString() : instant + " (" + back + " before the start)";
  }
}
