package io.github.ddbstreamworker.testsupport;

import io.github.ddbstreamworker.simulator.SimulatorOptions;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The system clock, which a test can move forward: a day passes in a call. */
public final class MovableClock extends Clock {

  private volatile Duration offset = Duration.ZERO;

  /**
   * The stream simulator on this clock, without rollover or read throttling, so that a test moving
   * time sees only the records and their times change.
   */
  public StreamSimulator startSimulator() {
    return StreamSimulator.start(
        SimulatorOptions.defaults()
            .withClock(this)
            .withRolloverPeriod(Duration.ZERO)
            .withGetRecordsLimitPerShard(0));
  }

  public void advance(Duration duration) {
    offset = offset.plus(duration);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a UTC clock");
  }
}
