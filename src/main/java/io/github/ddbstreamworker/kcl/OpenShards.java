package io.github.ddbstreamworker.kcl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

  private final Map<String, Instant> lastHeard = new ConcurrentHashMap<>();
  private final Clock clock;

  OpenShards(Clock clock) {
    this.clock = clock;
  }

  void opened(String shardId) {
    lastHeard.put(shardId, clock.instant());
  }

  void heard(String shardId) {
    lastHeard.replace(shardId, clock.instant());
  }

  void closed(String shardId) {
    lastHeard.remove(shardId);
  }

  int size() {
    return lastHeard.size();
  }

  /** Shards not read for longer than {@code silence}. */
  List<String> silentFor(Duration silence) {
    Instant now = clock.instant();
    return lastHeard.entrySet().stream()
        .filter(shard -> Duration.between(shard.getValue(), now).compareTo(silence) > 0)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** Waits until no shard is open or {@code done} holds; false if the timeout came first. */
  boolean awaitEmpty(Duration timeout, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!lastHeard.isEmpty() && !done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(POLL_MILLIS);
    }
    return true;
  }
}
