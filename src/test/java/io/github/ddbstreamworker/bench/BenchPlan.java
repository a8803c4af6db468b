package io.github.ddbstreamworker.bench;

import java.util.List;

/**
 * What the benchmark measures.
 *
 * @param items items written for each latency figure
 * @param writesPerSecond their write rate; per shard in the scale figures
 * @param pollIntervals the latency is measured at each, in this order; the first is used for the
 *     rest
 * @param backlog records in the stream for the drain figures
 * @param drainRounds rounds of the drain, whose medians are reported
 * @param shardCounts the shard counts for the scale figures, none to leave them out
 * @param recordsPerShard records in each shard for the scale figures' drain
 */
public record BenchPlan(
    int items,
    int writesPerSecond,
    List<Long> pollIntervals,
    int backlog,
    int drainRounds,
    List<Integer> shardCounts,
    int recordsPerShard) {

  public BenchPlan {
    pollIntervals = List.copyOf(pollIntervals);
    shardCounts = List.copyOf(shardCounts);
    if (pollIntervals.isEmpty()) {
      throw new IllegalArgumentException("give at least one poll interval");
    }
    if (items < 1 || writesPerSecond < 1 || drainRounds < 1 || backlog < 2 || recordsPerShard < 2) {
      throw new IllegalArgumentException(
          "items, rate and drain rounds must be at least 1, backlog and records per shard at"
              + " least 2");
    }
    if (shardCounts.stream().anyMatch(count -> count < 1)) {
      throw new IllegalArgumentException("shard counts must be at least 1: " + shardCounts);
    }
  }
}
