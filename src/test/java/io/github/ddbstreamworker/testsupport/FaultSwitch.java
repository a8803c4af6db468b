package io.github.ddbstreamworker.testsupport;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Makes a test double throw once: armed by the test (or the double), spent when it fires. */
public final class FaultSwitch {

  private final AtomicBoolean armed = new AtomicBoolean();
  private final AtomicInteger fired = new AtomicInteger();

  public void arm() {
    armed.set(true);
  }

  /** True once after each arming: the double throws now. */
  public boolean fire() {
    if (armed.compareAndSet(true, false)) {
      fired.incrementAndGet();
      return true;
    }
    return false;
  }

  public int fired() {
    return fired.get();
  }
}
