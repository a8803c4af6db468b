package io.github.ddbstreamworker.simulator;

/**
 * Counts one shard's GetRecords calls over the last second. AWS documents no per-shard figure for
 * DynamoDB Streams, only that more than two processes reading one shard at a time may be throttled
 * (API reference, LimitExceededException); Kinesis's 5 calls a second is the default here. Refused
 * calls do not count, so a client that backs off gets through.
 */
final class ReadThrottle {

  private static final long WINDOW_NANOS = 1_000_000_000L;

  private final long[] recentCalls;
  private int next;
  private int filled;

  /** {@code callsPerSecond} 0 lets every call through. */
  ReadThrottle(int callsPerSecond) {
    this.recentCalls = new long[callsPerSecond];
  }

  synchronized boolean tryAcquire(long nowNanos) {
    if (recentCalls.length == 0) {
      return true;
    }
    if (filled == recentCalls.length && nowNanos - recentCalls[next] < WINDOW_NANOS) {
      return false;
    }
    recentCalls[next] = nowNanos;
    next = (next + 1) % recentCalls.length;
    filled = Math.min(filled + 1, recentCalls.length);
    return true;
  }
}
