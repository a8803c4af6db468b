package io.github.ddbstreamworker.kcl.upstream;

import io.github.ddbstreamworker.metrics.MeterNames;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.kinesis.metrics.FilteringMetricsScope;
import software.amazon.kinesis.metrics.MetricsFactory;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.MetricsScope;
import software.amazon.kinesis.metrics.NullMetricsFactory;

/**
 * Sends the KCL's own metrics (MillisBehindLatest, RecordsProcessed, lease counts, ...) into the
 * worker's registry instead of the KCL's CloudWatch publisher, so there is one exporter and one
 * namespace. Each is a distribution summary named {@code kcl.<KCL name>}, one sample per KCL scope.
 * Only the Operation and ShardId dimensions become tags.
 *
 * <p>Upstream detail: a scope reads what the KCL added from the protected {@code data} map of its
 * {@link FilteringMetricsScope} superclass, as the KCL's own CloudWatch scope does.
 */
public final class KclMeters implements MetricsFactory {

  private static final Set<String> DIMENSIONS = Set.of("Operation", "ShardId");

  private final MeterRegistry registry;
  private final MetricsLevel level;

  KclMeters(MeterRegistry registry, MetricsLevel level) {
    this.registry = registry;
    this.level = level;
  }

  /** Where the KCL records its own metrics: into the registry, or nowhere at level NONE. */
  public static MetricsFactory forLevel(MeterRegistry registry, MetricsLevel level) {
    return level == MetricsLevel.NONE ? new NullMetricsFactory() : new KclMeters(registry, level);
  }

  @Override
  public MetricsScope createMetrics() {
    return new Scope();
  }

  private final class Scope extends FilteringMetricsScope {

    Scope() {
      super(level, DIMENSIONS);
    }

    @Override
    public void end() {
      super.end();
      List<Tag> tags =
          getDimensions().stream()
              .map(dimension -> Tag.of(dimension.name(), dimension.value()))
              .toList();
      for (MetricDatum datum : data.values()) {
        DistributionSummary.builder(MeterNames.KCL_PREFIX + datum.metricName())
            .tags(tags)
            .baseUnit(datum.unitAsString().toLowerCase(Locale.ROOT))
            .register(registry)
            .record(datum.statisticValues().sum());
      }
    }
  }
}
