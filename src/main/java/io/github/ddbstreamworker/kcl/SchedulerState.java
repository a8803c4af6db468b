package io.github.ddbstreamworker.kcl;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.kinesis.coordinator.WorkerStateChangeListener;

/** Follows the scheduler's life to tell when its shutdown has begun. */
final class SchedulerState implements WorkerStateChangeListener {

  private final CountDownLatch shuttingDown = new CountDownLatch(1);

  @Override
  public void onWorkerStateChange(WorkerState newState) {
    if (newState == WorkerState.SHUT_DOWN_STARTED || newState == WorkerState.SHUT_DOWN) {
      shuttingDown.countDown();
    }
  }

  /** True once the scheduler has stopped renewing, taking and assigning leases. */
  boolean awaitShutdownStarted(Duration timeout) throws InterruptedException {
    return shuttingDown.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
