package io.github.ddbstreamworker.config;

import io.github.ddbstreamworker.core.Redaction;
import io.github.ddbstreamworker.core.filter.EventPatternFilter;
import io.github.ddbstreamworker.core.filter.FilterCriteria;
import io.github.ddbstreamworker.core.filter.InvalidFilterException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** The kinds of text the settings take. */
final class SettingTypes {

  private SettingTypes() {}

  /** How a type words a refusal: the problems to report, each naming the setting. */
  @FunctionalInterface
  interface Refusal {
    List<String> problems(String name, String text, IllegalArgumentException refusal);
  }

  /**
   * Text that {@code valid} accepts, refused as {@code NAME='text' <refusal> <accepted>}, e.g. "is
   * not a DynamoDB table name:" followed by what is accepted.
   */
  static SettingType<String> text(Predicate<String> valid, String refusal, String accepted) {
    return checkedText(valid, refusal, accepted);
  }

  private static Parsed<String> checkedText(
      Predicate<String> valid, String refusal, String accepted) {
    return new Parsed<>(
        text -> {
          if (!valid.test(text)) {
            throw new IllegalArgumentException(refusal);
          }
          return text;
        },
        accepted,
        (name, text, e) -> List.of(name + "='" + text + "' " + refusal + " " + accepted));
  }

  /** Any text up to a length; the text itself is left out of the refusal, as it is long. */
  static SettingType<String> textOfAtMost(int maxLength) {
    String accepted = "at most " + maxLength + " characters";
    return new Parsed<>(
        text -> {
          if (text.length() > maxLength) {
            throw new IllegalArgumentException(accepted);
          }
          return text;
        },
        accepted,
        (name, text, e) ->
            List.of(
                name
                    + " is "
                    + text.length()
                    + " characters long: at most "
                    + maxLength
                    + " are accepted"));
  }

  static WholeNumber wholeNumber(int min, int max) {
    return new WholeNumber(min, max, null, null);
  }

  static WholeNumber seconds(int min, int max) {
    return new WholeNumber(min, max, "seconds", null);
  }

  /** One of an enum's names, in its exact case. */
  static <E extends Enum<E>> SettingType<E> exactly(Class<E> type) {
    return new Parsed<>(
        text -> Enum.valueOf(type, text),
        "use one of " + Arrays.toString(type.getEnumConstants()),
        null);
  }

  /** One of an enum's names in any case, shown as {@code shown} writes them. */
  static <E extends Enum<E>> SettingType<E> anyCase(Class<E> type, UnaryOperator<String> shown) {
    List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).map(shown).toList();
    String accepted =
        String.join(", ", names.subList(0, names.size() - 1))
            + " or "
            + names.get(names.size() - 1);
    return new Parsed<>(text -> Enum.valueOf(type, text.toUpperCase(Locale.ROOT)), accepted, null);
  }

  /**
   * A Lambda event source mapping's FilterCriteria, or one pattern; each problem names a filter.
   */
  static SettingType<EventPatternFilter> filterCriteria() {
    return new Parsed<>(
        FilterCriteria::parse,
        "a Lambda FilterCriteria JSON or one pattern",
        (name, text, e) ->
            ((InvalidFilterException) e).problems().stream().map(p -> name + " " + p).toList());
  }

  /** An instant, or a duration back from the worker's start. */
  static SettingType<InitialTimestamp> initialTimestamp() {
    return new Parsed<>(InitialTimestamp::parse, InitialTimestamp.ACCEPTED, null);
  }

  /** Comma-separated attribute paths. */
  static SettingType<Redaction> attributePaths() {
    String accepted = "a comma-separated list of attribute paths (email,card.number)";
    return new Parsed<>(
        Redaction::parse,
        accepted,
        (name, text, e) ->
            List.of(name + "='" + text + "' is not " + accepted + ": " + e.getMessage()));
  }

  /** An http(s) URL with a path, as an SQS queue URL is. */
  static SettingType<URI> queueUrl() {
    return checkedText(
            SettingTypes::isQueueUrl,
            "is not an SQS queue URL: expected",
            "https://sqs.<region>.amazonaws.com/<account>/<queue>")
        .map(URI::create);
  }

  private static boolean isQueueUrl(String text) {
    try {
      URI url = new URI(text);
      return ("https".equals(url.getScheme()) || "http".equals(url.getScheme()))
          && url.getHost() != null
          && url.getPath() != null
          && url.getPath().length() > 1;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * A whole number in [min, max], optionally also -1 with a meaning of its own.
   *
   * @param unit what the number counts, when the wording should say it ("seconds")
   * @param minusOneMeans what -1 stands for; null when -1 is refused like any other
   */
  record WholeNumber(int min, int max, String unit, String minusOneMeans)
      implements SettingType<Integer> {

    /** The same numbers, and -1 meaning {@code means}. */
    WholeNumber orMinusOne(String means) {
      return new WholeNumber(min, max, unit, means);
    }

    @Override
    public Integer parse(String text) {
      int value = Integer.parseInt(text);
      if ((value == -1 && minusOneMeans != null) || (value >= min && value <= max)) {
        return value;
      }
      throw new IllegalArgumentException(accepted());
    }

    @Override
    public String accepted() {
      String range =
          "a whole number" + (unit == null ? "" : " of " + unit) + " from " + min + " to " + max;
      return minusOneMeans == null ? range : "-1 (" + minusOneMeans + ") or " + range;
    }
  }

  /**
   * A type made of a parser, its accepted text and, when the default wording will not do, its own.
   */
  private record Parsed<T>(Function<String, T> parser, String accepted, Refusal refusal)
      implements SettingType<T> {

    @Override
    public T parse(String text) {
      return parser.apply(text);
    }

    @Override
    public List<String> problems(String name, String text, IllegalArgumentException e) {
      return refusal == null
          ? SettingType.super.problems(name, text, e)
          : refusal.problems(name, text, e);
    }

    <V> Parsed<V> map(Function<T, V> then) {
      return new Parsed<>(parser.andThen(then), accepted, refusal);
    }
  }
}
