package io.github.ddbstreamworker.local;

import io.github.ddbstreamworker.core.EventCounts;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs, every few seconds, how many records of each event type were logged or left out. */
public final class EventSummary implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventSummary.class);

  private final EventCounts counts;
  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "event-summary");
            thread.setDaemon(true);
            return thread;
          });

  private EventSummary(EventCounts counts) {
    this.counts = counts;
  }

  public static EventSummary every(Duration period, EventCounts counts) {
    EventSummary summary = new EventSummary(counts);
    summary.schedule.scheduleAtFixedRate(
        summary::report, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return summary;
  }

  /** E.g. {@code INSERT logged=12, MODIFY filtered=7, REMOVE filtered=3}. */
  static String describe(Map<String, Map<EventCounts.Outcome, Long>> snapshot) {
    if (snapshot.isEmpty()) {
      return "no records yet";
    }
    return snapshot.entrySet().stream()
        .map(
            byEvent ->
                byEvent.getKey()
                    + " "
                    + byEvent.getValue().entrySet().stream()
                        .map(
                            count ->
                                count.getKey().name().toLowerCase(java.util.Locale.ROOT)
                                    + "="
                                    + count.getValue())
                        .collect(Collectors.joining(" ")))
        .collect(Collectors.joining(", "));
  }

  private void report() {
    log.info("records so far: {}", describe(counts.snapshot()));
  }

  @Override
  public void close() {
    schedule.shutdownNow();
    report();
  }
}
