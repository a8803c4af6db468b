package io.github.ddbstreamworker.kcl;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.kinesis.coordinator.WorkerStateChangeListener;

/** Follows the scheduler's life: whether it has initialised, and when its shutdown is done. */
final class SchedulerState implements WorkerStateChangeListener {

  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch shutDown = new CountDownLatch(1);

  @Override
  public void onWorkerStateChange(WorkerState newState) {
    if (newState == WorkerState.STARTED) {
      started.countDown();
    }
    if (newState == WorkerState.SHUT_DOWN) {
      shutDown.countDown();
    }
  }

  /** The lease table is ready and the scheduler's loop runs. */
  boolean hasStarted() {
    return started.getCount() == 0;
  }

  /**
   * True once the scheduler has stopped renewing, taking and assigning leases and reporting this
   * worker's metrics. The KCL announces SHUT_DOWN_STARTED before it stops any of them; a report in
   * flight then can land after this worker's metrics row was deleted.
   */
  boolean awaitShutDown(Duration timeout) throws InterruptedException {
    return shutDown.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
