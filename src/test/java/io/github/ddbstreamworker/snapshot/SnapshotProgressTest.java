package io.github.ddbstreamworker.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnapshotProgressTest {

  @Test
  void estimatesTheTimeLeftFromTheItemCountAndTheRate() {
    SnapshotProgress progress = new SnapshotProgress(12_000, 20_000, 5, 16, 1_000);

    assertThat(progress.secondsLeft()).isEqualTo(8.0);
    assertThat(progress.describe())
        .isEqualTo(
            "snapshot: 12000 of about 20000 items (60 %), 1000 items/s, 5 of 16 segments done,"
                + " about 8 s left");
  }

  @Test
  void aFiftyMillionItemTableShowsHoursAndMinutes() {
    SnapshotProgress progress = new SnapshotProgress(5_000_000, 50_000_000, 2, 64, 4_000);

    assertThat(progress.describe()).endsWith("about 3 h 7 min left");
  }

  @Test
  void noEstimateOnceMoreItemsWereScannedThanTheTableCountedOrBeforeARate() {
    assertThat(new SnapshotProgress(21_000, 20_000, 15, 16, 900).secondsLeft()).isNaN();
    assertThat(new SnapshotProgress(0, 20_000, 0, 16, 0).describe()).endsWith("time left unknown");
    assertThat(new SnapshotProgress(0, 0, 0, 16, 0).describe()).startsWith("snapshot: 0 items,");
    assertThat(new SnapshotProgress(21_000, 20_000, 16, 16, 900).secondsLeft()).isZero();
  }
}
