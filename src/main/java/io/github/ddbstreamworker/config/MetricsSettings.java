package io.github.ddbstreamworker.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Where the worker's metrics go: the local HTTP endpoint and CloudWatch. */
public record MetricsSettings(
    OptionalInt httpPort, Export export, String namespace, Duration step, KclLevel kclLevel) {

  /** Where metrics are exported besides the endpoint. */
  public enum Export {
    NONE,
    CLOUDWATCH
  }

  /** How much of the KCL's own metrics to record, as the KCL's MetricsLevel. */
  public enum KclLevel {
    NONE,
    SUMMARY,
    DETAILED
  }

  public static final String DEFAULT_NAMESPACE = "ddb-stream-worker";
  public static final Duration DEFAULT_STEP = Duration.ofMinutes(1);
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._/#:-]{1,255}");

  public static MetricsSettings from(Function<String, String> lookup) {
    List<String> problems = new ArrayList<>();
    OptionalInt httpPort = OptionalInt.empty();
    String port = value(lookup, Setting.HTTP_PORT);
    if (port != null) {
      Integer parsed = integer(port, 0, 65_535);
      if (parsed == null) {
        problems.add(
            "HTTP_PORT='" + port + "' is not accepted: a port from 0 to 65535 (0 picks one)");
      } else {
        httpPort = OptionalInt.of(parsed);
      }
    }
    Export export = Export.NONE;
    String exportValue = value(lookup, Setting.METRICS_EXPORT);
    if (exportValue != null) {
      try {
        export = Export.valueOf(exportValue.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add("METRICS_EXPORT='" + exportValue + "' is not accepted: none or cloudwatch");
      }
    }
    String namespace = value(lookup, Setting.METRICS_NAMESPACE);
    if (namespace == null) {
      namespace = DEFAULT_NAMESPACE;
    } else if (!NAMESPACE.matcher(namespace).matches() || namespace.startsWith("AWS/")) {
      problems.add(
          "METRICS_NAMESPACE='"
              + namespace
              + "' is not a CloudWatch namespace: 1 to 255 of"
              + " A-Z a-z 0-9 . _ / # : -, not starting with AWS/");
    }
    Duration step = DEFAULT_STEP;
    String stepValue = value(lookup, Setting.METRICS_STEP_SECONDS);
    if (stepValue != null) {
      Integer seconds = integer(stepValue, 1, 3600);
      if (seconds == null) {
        problems.add("METRICS_STEP_SECONDS='" + stepValue + "' is not accepted: 1 to 3600");
      } else {
        step = Duration.ofSeconds(seconds);
      }
    }
    KclLevel kclLevel = KclLevel.NONE;
    String levelValue = value(lookup, Setting.METRICS_LEVEL);
    if (levelValue != null) {
      try {
        kclLevel = KclLevel.valueOf(levelValue.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(
            "METRICS_LEVEL='" + levelValue + "' is not accepted: NONE, SUMMARY or DETAILED");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
    return new MetricsSettings(httpPort, export, namespace, step, kclLevel);
  }

  private static String value(Function<String, String> lookup, Setting setting) {
    String value = lookup.apply(setting.env());
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static Integer integer(String value, int min, int max) {
    try {
      int parsed = Integer.parseInt(value);
      return parsed >= min && parsed <= max ? parsed : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
