package io.github.ddbstreamworker.config;

import java.time.Duration;

/**
 * When a shard is checkpointed after a batch (CHECKPOINT_INTERVAL_MS, CHECKPOINT_INTERVAL_RECORDS):
 * once {@code time} has passed or {@code records} were processed since its last checkpoint,
 * whichever comes first. A zero time checkpoints after every batch.
 */
public record CheckpointInterval(Duration time, long records) {

  /** The value of {@code records} that leaves only the time. */
  public static final long NO_RECORD_BOUND = -1;

  /** Whether a shard that processed {@code processed} records in {@code elapsed} is due one. */
  public boolean isDue(Duration elapsed, long processed) {
    if (processed == 0) {
      return false;
    }
    return elapsed.compareTo(time) >= 0 || (records != NO_RECORD_BOUND && processed >= records);
  }
}
