package io.github.ddbstreamworker.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 4h}, or ISO-8601.
 */
final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

  @Override
  public Duration convert(String value) {
    Matcher match = SHORT.matcher(value.trim());
    if (match.matches()) {
      long amount = Long.parseLong(match.group(1));
      String unit = match.group(2) == null ? (amount == 0 ? "s" : "") : match.group(2);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> throw unreadable(value);
      };
    }
    try {
      return Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw unreadable(value);
    }
  }

  private static TypeConversionException unreadable(String value) {
    return new TypeConversionException(
        "'" + value + "' is not a duration: use e.g. 500ms, 30s, 15m, 4h or PT4H");
  }
}
