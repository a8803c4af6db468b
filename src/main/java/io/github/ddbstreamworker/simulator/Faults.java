package io.github.ddbstreamworker.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fault switches for every request: added latency, a share of HTTP 500 InternalServerError answers,
 * an outage during which every request gets InternalServerError, and a share of one operation's
 * requests refused with LimitExceededException, as the service refuses a caller over its rate. An
 * outage answers rather than refusing connections, so it starts and ends at exact times and the
 * port stays ours; clients see what they would see if the service failed behind its load balancer.
 */
public final class Faults {

  private volatile long latencyNanos;
  private volatile double errorShare;
  private volatile long outageEndNanos;
  private volatile boolean outage;
  private final Map<String, Double> limitExceededShares = new ConcurrentHashMap<>();

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

  /**
   * This share (0 to 1) of {@code operation}'s requests (e.g. {@code DescribeStream}), picked at
   * random, fail with LimitExceededException (HTTP 400); 0 ends it.
   */
  public Faults limitExceeded(String operation, double share) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("limit-exceeded share must be 0 to 1, not " + share);
    }
    limitExceededShares.put(operation, share);
    return this;
  }

  /** Back to normal service. */
  public Faults clear() {
    limitExceededShares.clear();
    latencyNanos = 0;
    errorShare = 0;
    outage = false;
    return this;
  }

  long latencyNanos() {
    return latencyNanos;
  }

  /** Throws the error this request of {@code operation} is due to meet, if any. */
  void failNowIfDue(String operation) {
    if (failsNow()) {
      throw ApiError.internalServerError("Internal server error (injected fault)");
    }
    double share = limitExceededShares.getOrDefault(operation, 0.0);
    if (share > 0 && ThreadLocalRandom.current().nextDouble() < share) {
      throw ApiError.limitExceeded("Rate exceeded for " + operation + " (injected fault)");
    }
  }

  /** Whether this request is one that fails with InternalServerError. */
  private boolean failsNow() {
    if (outage && System.nanoTime() - outageEndNanos < 0) {
      return true;
    }
    double share = errorShare;
    return share > 0 && ThreadLocalRandom.current().nextDouble() < share;
  }
}
