package io.github.ddbstreamworker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** INITIAL_TIMESTAMP: an instant, or a duration back from the worker's start fixed once. */
class InitialTimestampTest {

  private static final Instant WORKER_START = Instant.parse("2026-12-02T04:00:00Z");
  private static final Clock AT_WORKER_START = Clock.fixed(WORKER_START, ZoneOffset.UTC);

  @Test
  void anInstantIsTheStartTimeWhateverTheWorkerStart() {
    WorkerSettings settings = atTimestamp("2026-12-01T10:00:00Z");

    assertThat(settings.initialPosition()).isEqualTo(InitialPosition.AT_TIMESTAMP);
    assertThat(settings.startTime()).contains(Instant.parse("2026-12-01T10:00:00Z"));
    assertThat(settings.shown()).containsEntry("initialTimestamp", "2026-12-01T10:00:00Z");
  }

  @Test
  void anInstantWithAnOffsetIsReadAsTheSameInstant() {
    assertThat(atTimestamp("2026-12-01T11:00:00+01:00").startTime())
        .contains(Instant.parse("2026-12-01T10:00:00Z"));
  }

  /** AWS rounds creation times down to the second: a record of the start's second is kept. */
  @Test
  void theStartTimeIsRoundedDownToTheSecond() {
    assertThat(atTimestamp("2026-12-01T10:00:00.750Z").startTime())
        .contains(Instant.parse("2026-12-01T10:00:00Z"));
    WorkerSettings counted =
        WorkerSettings.from(
            Map.of(
                    "TABLE_NAME", "orders",
                    "INITIAL_POSITION", "AT_TIMESTAMP",
                    "INITIAL_TIMESTAMP", "PT10M")
                ::get,
            Clock.fixed(WORKER_START.plusMillis(999), ZoneOffset.UTC));
    assertThat(counted.startTime()).contains(Instant.parse("2026-12-02T03:50:00Z"));
  }

  @Test
  void aDurationCountsBackFromTheWorkerStartAndTheLogShowsTheResolvedInstant() {
    WorkerSettings settings = atTimestamp("PT1H30M");

    assertThat(settings.startTime()).contains(Instant.parse("2026-12-02T02:30:00Z"));
    assertThat(settings.shown())
        .containsEntry("initialTimestamp", "2026-12-02T02:30:00Z (PT1H30M before the start)");
  }

  @Test
  void aDurationIsResolvedOnceWhenTheSettingsAreRead() {
    WorkerSettings settings = atTimestamp("P1D");

    assertThat(settings.startTime()).contains(WORKER_START.minus(Duration.ofDays(1)));
    assertThat(settings.startTime()).isEqualTo(settings.startTime());
  }

  @Test
  void withoutAtTimestampThereIsNoStartTime() {
    WorkerSettings settings = WorkerSettings.from(Map.of("TABLE_NAME", "orders")::get);

    assertThat(settings.startTime()).isEmpty();
    assertThat(settings.shown()).containsEntry("initialTimestamp", "none");
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2026-12-01", "2026-12-01T10:00:00", "PT0S", "-PT1H", "P"})
  void refusesWhatIsNeitherAnInstantNorAPositiveDuration(String text) {
    assertThatThrownBy(() -> InitialTimestamp.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(InitialTimestamp.ACCEPTED);
  }

  private static WorkerSettings atTimestamp(String text) {
    return WorkerSettings.from(
        Map.of(
                "TABLE_NAME",
                "orders",
                "INITIAL_POSITION",
                "AT_TIMESTAMP",
                "INITIAL_TIMESTAMP",
                text)
            ::get,
        AT_WORKER_START);
  }
}
