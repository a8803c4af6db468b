package io.github.ddbstreamworker.config;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Where the worker's metrics go, the local HTTP endpoint and CloudWatch: the {@link
 * Setting.Group#METRICS} settings.
 */
public final class MetricsSettings {

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

  private final SettingValues values;

  private MetricsSettings(SettingValues values) {
    this.values = values;
  }

  /**
   * @throws InvalidSettingsException naming every metrics setting that is unusable
   */
  public static MetricsSettings from(Function<String, String> lookup) {
    SettingValues values = new SettingValues(lookup);
    values.readAll(Setting.Group.METRICS);
    values.throwIfInvalid();
    return new MetricsSettings(values);
  }

  /** The port of {@code /metrics}, {@code /health} and {@code /ready}; empty when they are off. */
  public OptionalInt httpPort() {
    Integer port = values.get(Setting.HTTP_PORT);
    return port == null ? OptionalInt.empty() : OptionalInt.of(port);
  }

  public Export export() {
    return values.get(Setting.METRICS_EXPORT);
  }

  public String namespace() {
    return values.get(Setting.METRICS_NAMESPACE);
  }

  public Duration step() {
    return Duration.ofSeconds(values.get(Setting.METRICS_STEP_SECONDS));
  }

  public KclLevel kclLevel() {
    return values.get(Setting.METRICS_LEVEL);
  }

  /**
   * The value of any {@link Setting.Group#METRICS} setting.
   *
   * @throws IllegalArgumentException for a setting of another group
   */
  public <T> T get(Setting<T> setting) {
    return values.get(setting);
  }
}
