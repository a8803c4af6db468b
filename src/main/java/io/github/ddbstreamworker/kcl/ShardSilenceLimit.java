package io.github.ddbstreamworker.kcl;

import java.time.Duration;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * How long a shard this worker holds may go without a read before {@code /health} calls it stuck.
 * An idle shard is read every two poll intervals (the adapter doubles its pause after an empty
 * read), and a read may take up to the KCL's request timeout before it fails: that is the longest
 * silence of a healthy shard. One more poll interval is the margin, and the limit is never under a
 * minute, so a short poll interval keeps the minute it always had.
 */
final class ShardSilenceLimit {

  static final Duration FLOOR = Duration.ofMinutes(1);

  /** The longest a GetRecords call waits (the KCL's default, which the worker keeps). */
  static final Duration READ_TIMEOUT = PollingConfig.DEFAULT_REQUEST_TIMEOUT;

  private ShardSilenceLimit() {}

  static Duration forPollInterval(Duration pollInterval) {
    Duration longestHealthySilence = pollInterval.multipliedBy(3).plus(READ_TIMEOUT);
    return longestHealthySilence.compareTo(FLOOR) > 0 ? longestHealthySilence : FLOOR;
  }
}
