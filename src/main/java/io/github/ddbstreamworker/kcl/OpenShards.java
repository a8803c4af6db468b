package io.github.ddbstreamworker.kcl;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The shards whose processors are open, and when each last heard from the KCL. A graceful shutdown
 * is complete for this worker once every processor has had its final checkpoint; a shard that has
 * not been read for long is stuck.
 */
final class OpenShards {

  private static final long POLL_MILLIS = 50;

  private final Map<String, Long> lastHeardNanos = new ConcurrentHashMap<>();

  void opened(String shardId) {
    lastHeardNanos.put(shardId, System.nanoTime());
  }

  void heard(String shardId) {
    lastHeardNanos.replace(shardId, System.nanoTime());
  }

  void closed(String shardId) {
    lastHeardNanos.remove(shardId);
  }

  int size() {
    return lastHeardNanos.size();
  }

  /** Shards not read for longer than {@code silence}. */
  List<String> silentFor(Duration silence) {
    long now = System.nanoTime();
    return lastHeardNanos.entrySet().stream()
        .filter(shard -> now - shard.getValue() > silence.toNanos())
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** Waits until no shard is open or {@code done} holds; false if the timeout came first. */
  boolean awaitEmpty(Duration timeout, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!lastHeardNanos.isEmpty() && !done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(POLL_MILLIS);
    }
    return true;
  }
}
