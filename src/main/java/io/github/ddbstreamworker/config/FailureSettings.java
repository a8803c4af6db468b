package io.github.ddbstreamworker.config;

import io.github.ddbstreamworker.core.failure.FailurePolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * What happens to a record that keeps failing, the {@link Setting.Group#FAILURES} settings:
 * MAX_RETRY_ATTEMPTS, MAX_RECORD_AGE and the FAILURE_QUEUE_URL it is sent to. Ranges follow a
 * Lambda event source mapping's, but for -1 retries (forever): a failing record must never hold its
 * shard for good.
 */
public final class FailureSettings {

  private final SettingValues values;

  private FailureSettings(SettingValues values) {
    this.values = values;
  }

  /**
   * @throws InvalidSettingsException naming every failure setting that is unusable
   */
  public static FailureSettings from(Function<String, String> lookup) {
    SettingValues values = new SettingValues(lookup);
    values.readAll(Setting.Group.FAILURES);
    values.throwIfInvalid();
    return new FailureSettings(values);
  }

  public FailurePolicy policy() {
    int maxRecordAgeSeconds = values.get(Setting.MAX_RECORD_AGE);
    return FailurePolicy.of(
        values.get(Setting.MAX_RETRY_ATTEMPTS),
        maxRecordAgeSeconds == -1
            ? Optional.empty()
            : Optional.of(Duration.ofSeconds(maxRecordAgeSeconds)));
  }

  public Optional<URI> failureQueueUrl() {
    return Optional.ofNullable(values.get(Setting.FAILURE_QUEUE_URL));
  }

  /**
   * The value of any {@link Setting.Group#FAILURES} setting.
   *
   * @throws IllegalArgumentException for a setting of another group
   */
  public <T> T get(Setting<T> setting) {
    return values.get(setting);
  }
}
