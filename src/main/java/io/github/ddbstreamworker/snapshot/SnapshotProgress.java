package io.github.ddbstreamworker.snapshot;

import java.time.Duration;

/**
 * The fleet's progress through a snapshot at one moment, and the estimate of what is left. The
 * estimate divides the items not yet scanned by the rate so far; the total is the table's item
 * count when the snapshot began, which AWS updates only about every six hours, so it is rough, and
 * unknown once more items than that were scanned.
 *
 * @param scanned items scanned by every worker
 * @param expected the table's item count when the snapshot began
 * @param segmentsDone segments scanned to their end
 * @param segments all segments
 * @param itemsPerSecond the fleet's rate since this worker began watching
 */
record SnapshotProgress(
    long scanned, long expected, int segmentsDone, int segments, double itemsPerSecond) {

  /** Seconds left; NaN when there is no estimate. */
  double secondsLeft() {
    if (segmentsDone == segments) {
      return 0;
    }
    if (expected <= scanned || itemsPerSecond <= 0) {
      return Double.NaN;
    }
    return (expected - scanned) / itemsPerSecond;
  }

  /** One line for the log: "12000 of about 20000 items (60 %), 1500 items/s, ...". */
  String describe() {
    StringBuilder line = new StringBuilder("snapshot: ").append(scanned);
    if (expected > 0) {
      line.append(" of about ")
          .append(expected)
          .append(" items (")
          .append(Math.min(100, scanned * 100 / expected))
          .append(" %)");
    } else {
      line.append(" items");
    }
    line.append(", ")
        .append(Math.round(itemsPerSecond))
        .append(" items/s, ")
        .append(segmentsDone)
        .append(" of ")
        .append(segments)
        .append(" segments done, ");
    double left = secondsLeft();
    line.append(Double.isNaN(left) ? "time left unknown" : "about " + readable(left) + " left");
    return line.toString();
  }

  private static String readable(double seconds) {
    Duration left = Duration.ofSeconds(Math.round(seconds));
    if (left.toHours() > 0) {
      return left.toHours() + " h " + left.toMinutesPart() + " min";
    }
    if (left.toMinutes() > 0) {
      return left.toMinutes() + " min " + left.toSecondsPart() + " s";
    }
    return left.toSeconds() + " s";
  }
}
