package io.github.ddbstreamworker.snapshot;

import java.util.function.LongSupplier;

/**
 * A bucket of read capacity units refilled at a rate, shared by this worker's scan threads. A page
 * is read once the bucket is not in debt, and its cost is taken after, when the page says what it
 * cost: over any stretch of time the units spent stay within the rate times that time, plus one
 * second's refill and one page per thread.
 *
 * <p>Failsafe's {@code RateLimiter} (already a dependency) hands out whole permits at a rate fixed
 * when it is built; this one takes the fractional units a page costs (0.5 a 4 KB) and a rate that
 * changes while it runs, as the worker's share of the fleet's budget moves with the segments it
 * holds.
 */
final class ReadCapacityBudget {

  /** The most a quiet bucket saves up: one second of the rate. */
  private static final double BURST_SECONDS = 1.0;

  private final LongSupplier nanoTime;
  private double ratePerSecond;
  private double balance;
  private long refilledAt;

  ReadCapacityBudget(double ratePerSecond) {
    this(ratePerSecond, System::nanoTime);
  }

  ReadCapacityBudget(double ratePerSecond, LongSupplier nanoTime) {
    this.ratePerSecond = ratePerSecond;
    this.nanoTime = nanoTime;
    this.refilledAt = nanoTime.getAsLong();
  }

  synchronized void rate(double unitsPerSecond) {
    refill();
    this.ratePerSecond = Math.max(unitsPerSecond, 0.001);
  }

  synchronized double rate() {
    return ratePerSecond;
  }

  /** Waits until the bucket is out of debt. */
  void awaitAvailable() throws InterruptedException {
    while (true) {
      long waitNanos;
      synchronized (this) {
        refill();
        if (balance >= 0) {
          return;
        }
        waitNanos = (long) (-balance / ratePerSecond * 1e9);
      }
      Thread.sleep(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
    }
  }

  /** How long until the bucket is out of debt, in nanoseconds; 0 when it is not. */
  synchronized long nanosUntilAvailable() {
    refill();
    return balance >= 0 ? 0 : (long) (-balance / ratePerSecond * 1e9);
  }

  /** Takes what a page cost. */
  synchronized void spend(double units) {
    refill();
    balance -= units;
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    balance =
        Math.min(balance + (now - refilledAt) / 1e9 * ratePerSecond, ratePerSecond * BURST_SECONDS);
    refilledAt = now;
  }
}
