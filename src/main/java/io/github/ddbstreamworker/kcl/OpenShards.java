package io.github.ddbstreamworker.kcl;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The shards whose processors are open. A graceful shutdown is complete for this worker once every
 * processor has had its final checkpoint, even while the KCL still waits for its own loop.
 */
final class OpenShards {

  private static final long POLL_MILLIS = 50;

  private final Set<String> open = ConcurrentHashMap.newKeySet();

  void opened(String shardId) {
    open.add(shardId);
  }

  void closed(String shardId) {
    open.remove(shardId);
  }

  boolean isEmpty() {
    return open.isEmpty();
  }

  /** Waits until no shard is open or {@code done} holds; false if the timeout came first. */
  boolean awaitEmpty(Duration timeout, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!open.isEmpty() && !done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(POLL_MILLIS);
    }
    return true;
  }
}
