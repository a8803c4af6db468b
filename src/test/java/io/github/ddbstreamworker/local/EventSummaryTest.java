package io.github.ddbstreamworker.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.EventCounts.Outcome;
import org.junit.jupiter.api.Test;

class EventSummaryTest {

  @Test
  void describesCountsByEventType() {
    EventCounts counts = new EventCounts();
    counts.add("INSERT", Outcome.LOGGED);
    counts.add("INSERT", Outcome.LOGGED);
    counts.add("MODIFY", Outcome.FILTERED);
    counts.add("REMOVE", Outcome.FILTERED);

    assertThat(EventSummary.describe(counts.snapshot()))
        .isEqualTo("INSERT logged=2, MODIFY filtered=1, REMOVE filtered=1");
  }

  @Test
  void saysSoWhenNothingArrivedYet() {
    assertThat(EventSummary.describe(new EventCounts().snapshot())).isEqualTo("no records yet");
  }
}
