package io.github.ddbstreamworker.metrics;

import io.github.ddbstreamworker.core.EventCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;

/** Publishes the pipeline's counts of records by event name and outcome. */
public final class PipelineMeters {

  private static final List<String> EVENT_NAMES = List.of("INSERT", "MODIFY", "REMOVE");

  private PipelineMeters() {}

  public static void bind(EventCounts counts, MeterRegistry registry) {
    for (String eventName : EVENT_NAMES) {
      for (EventCounts.Outcome outcome : EventCounts.Outcome.values()) {
        FunctionCounter.builder(
                MeterNames.RECORDS, counts, current -> current.get(eventName, outcome))
            .description("records read from the stream, by event name and what became of them")
            .tag(MeterNames.TAG_EVENT_NAME, eventName)
            .tag(MeterNames.TAG_OUTCOME, outcome.name().toLowerCase(Locale.ROOT))
            .register(registry);
      }
    }
  }
}
