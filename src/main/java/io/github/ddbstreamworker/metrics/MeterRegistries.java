package io.github.ddbstreamworker.metrics;

import io.github.ddbstreamworker.config.MetricsSettings;
import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;

/**
 * The one registry everything records into, and behind it the exporters: Prometheus text for the
 * HTTP endpoint, CloudWatch when {@code METRICS_EXPORT=cloudwatch}.
 */
public final class MeterRegistries implements AutoCloseable {

  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
  private final PrometheusMeterRegistry prometheus =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Optional<CloudWatchMeterRegistry> cloudWatch;

  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  public MeterRegistries(MetricsSettings settings, CloudWatchAsyncClient cloudWatchClient) {
    registry.add(prometheus);
    // The JVM's own meters on /metrics only: in CloudWatch each would be a billed custom metric.
    new JvmMemoryMetrics().bindTo(prometheus);
    new JvmThreadMetrics().bindTo(prometheus);
    new ProcessorMetrics().bindTo(prometheus);
    gcMetrics.bindTo(prometheus);
    if (settings.export() == MetricsSettings.Export.CLOUDWATCH) {
      CloudWatchMeterRegistry exporter =
          new CloudWatchMeterRegistry(cloudWatchConfig(settings), Clock.SYSTEM, cloudWatchClient);
      registry.add(exporter);
      cloudWatch = Optional.of(exporter);
    } else {
      cloudWatch = Optional.empty();
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Also records everything into {@code another}, for a caller that reads the meters itself (a test
   * or the benchmark); it stays open when these close.
   */
  public void alsoRecordInto(MeterRegistry another) {
    registry.add(another);
  }

  /** Everything in Prometheus text format, for {@code /metrics}. */
  public String scrape() {
    return prometheus.scrape();
  }

  private static CloudWatchConfig cloudWatchConfig(MetricsSettings settings) {
    Map<String, String> values =
        Map.of(
            "cloudwatch.namespace", settings.namespace(),
            "cloudwatch.step", settings.step().toString());
    return values::get;
  }

  /** Publishes what CloudWatch has not been sent yet. */
  @Override
  public void close() {
    cloudWatch.ifPresent(CloudWatchMeterRegistry::close);
    gcMetrics.close();
    prometheus.close();
  }
}
