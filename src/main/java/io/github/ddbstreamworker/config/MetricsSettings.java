package io.github.ddbstreamworker.config;

import java.time.Duration;
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
    SettingValues values = new SettingValues(lookup);
    OptionalInt httpPort =
        values.raw(Setting.HTTP_PORT) == null
            ? OptionalInt.empty()
            : OptionalInt.of((int) values.longInRange(Setting.HTTP_PORT, 0, 0, 65_535));
    Export export = Export.NONE;
    String exportValue = values.raw(Setting.METRICS_EXPORT);
    if (exportValue != null) {
      try {
        export = Export.valueOf(exportValue.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        values.problem("METRICS_EXPORT='" + exportValue + "' is not accepted: none or cloudwatch");
      }
    }
    String namespace = values.raw(Setting.METRICS_NAMESPACE);
    if (namespace == null) {
      namespace = DEFAULT_NAMESPACE;
    } else if (!NAMESPACE.matcher(namespace).matches() || namespace.startsWith("AWS/")) {
      values.problem(
          "METRICS_NAMESPACE='"
              + namespace
              + "' is not a CloudWatch namespace: 1 to 255 of"
              + " A-Z a-z 0-9 . _ / # : -, not starting with AWS/");
    }
    Duration step =
        Duration.ofSeconds(
            values.longInRange(Setting.METRICS_STEP_SECONDS, DEFAULT_STEP.toSeconds(), 1, 3600));
    KclLevel kclLevel = KclLevel.NONE;
    String levelValue = values.raw(Setting.METRICS_LEVEL);
    if (levelValue != null) {
      try {
        kclLevel = KclLevel.valueOf(levelValue.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        values.problem(
            "METRICS_LEVEL='" + levelValue + "' is not accepted: NONE, SUMMARY or DETAILED");
      }
    }
    values.throwIfInvalid();
    return new MetricsSettings(httpPort, export, namespace, step, kclLevel);
  }
}
