package io.github.ddbstreamworker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MetricsSettingsTest {

  @Test
  void keepsMetricsLocalAndTheEndpointOffByDefault() {
    MetricsSettings settings = MetricsSettings.from(Map.<String, String>of()::get);

    assertThat(settings.httpPort()).isEqualTo(OptionalInt.empty());
    assertThat(settings.export()).isEqualTo(MetricsSettings.Export.NONE);
    assertThat(settings.namespace()).isEqualTo("ddb-stream-worker");
    assertThat(settings.step()).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.kclLevel()).isEqualTo(MetricsSettings.KclLevel.NONE);
  }

  @Test
  void readsEverySetting() {
    MetricsSettings settings =
        MetricsSettings.from(
            Map.of(
                    "HTTP_PORT", "9090",
                    "METRICS_EXPORT", "cloudwatch",
                    "METRICS_NAMESPACE", "Orders/Streams",
                    "METRICS_STEP_SECONDS", "10",
                    "METRICS_LEVEL", "detailed")
                ::get);

    assertThat(settings.httpPort()).hasValue(9090);
    assertThat(settings.export()).isEqualTo(MetricsSettings.Export.CLOUDWATCH);
    assertThat(settings.namespace()).isEqualTo("Orders/Streams");
    assertThat(settings.step()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.kclLevel()).isEqualTo(MetricsSettings.KclLevel.DETAILED);
  }

  @Test
  void reportsEveryBadMetricsSettingWithTheWorkerSettings() {
    assertThatThrownBy(
            () ->
                Settings.from(
                    Map.of(
                            "POLL_INTERVAL_MS", "0",
                            "HTTP_PORT", "http",
                            "METRICS_EXPORT", "prometheus",
                            "METRICS_NAMESPACE", "AWS/DynamoDB",
                            "METRICS_STEP_SECONDS", "0",
                            "METRICS_LEVEL", "ALL")
                        ::get))
        .isInstanceOfSatisfying(
            InvalidSettingsException.class,
            e ->
                assertThat(String.join("\n", e.problems()))
                    .contains("TABLE_NAME or STREAM_ARN is required")
                    .contains("POLL_INTERVAL_MS='0'")
                    .contains("HTTP_PORT='http'")
                    .contains("METRICS_EXPORT='prometheus'")
                    .contains("METRICS_NAMESPACE='AWS/DynamoDB'")
                    .contains("METRICS_STEP_SECONDS='0'")
                    .contains("METRICS_LEVEL='ALL'"));
  }
}
