package io.github.ddbstreamworker.simulator;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fault switches for every request: added latency, a share of HTTP 500 InternalServerError answers,
 * and an outage during which every request gets InternalServerError. An outage answers rather than
 * refusing connections, so it starts and ends at exact times and the port stays ours; clients see
 * what they would see if the service failed behind its load balancer.
 */
public final class Faults {

  private volatile long latencyNanos;
  private volatile double errorShare;
  private volatile long outageEndNanos;
  private volatile boolean outage;

  /** Every request waits this long before it is answered; zero for none. */
  public Faults latency(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative");
    }
    this.latencyNanos = latency.toNanos();
    return this;
  }

  /** This share (0 to 1) of requests, picked at random, fail with InternalServerError. */
  public Faults errorShare(double share) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("error share must be 0 to 1, not " + share);
    }
    this.errorShare = share;
    return this;
  }

  /** From now, for this long, every request fails with InternalServerError. */
  public Faults outage(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("outage must not be negative");
    }
    this.outageEndNanos = System.nanoTime() + duration.toNanos();
    this.outage = true;
    return this;
  }

  /** Back to normal service. */
  public Faults clear() {
    latencyNanos = 0;
    errorShare = 0;
    outage = false;
    return this;
  }

  long latencyNanos() {
    return latencyNanos;
  }

  /** Whether this request is one that fails. */
  boolean failsNow() {
    if (outage && System.nanoTime() - outageEndNanos < 0) {
      return true;
    }
    double share = errorShare;
    return share > 0 && ThreadLocalRandom.current().nextDouble() < share;
  }
}
