package io.github.ddbstreamworker.testsupport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A registry whose counters of one name throw when their increment comes while the switch fires.
 */
public final class FaultyMeterRegistry extends SimpleMeterRegistry {

  private final String counterName;
  private final FaultSwitch fault;

  public FaultyMeterRegistry(String counterName, FaultSwitch fault) {
    this.counterName = counterName;
    this.fault = fault;
  }

  @Override
  protected Counter newCounter(Meter.Id id) {
    Counter real = super.newCounter(id);
    if (!id.getName().equals(counterName)) {
      return real;
    }
    return new Counter() {
      @Override
      public void increment(double amount) {
        if (fault.fire()) {
          throw new IllegalStateException("meter fault injected by the test");
        }
        real.increment(amount);
      }

      @Override
      public double count() {
        return real.count();
      }

      @Override
      public Meter.Id getId() {
        return real.getId();
      }
    };
  }
}
