package io.github.ddbstreamworker.simulator;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes generated changes into every open shard of a stream at a fixed rate each, from one thread,
 * until closed. A shard opened by a rollover or split gets the same rate from the moment the load
 * first sees it; items inserted into a closed shard are modified and removed in the child that now
 * owns their key.
 */
public final class SteadyLoad implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SteadyLoad.class);
  private static final long TICK_MILLIS = 10;
  private static final int MAX_LIVE_ITEMS_PER_SHARD = 1_000;

  private final SimulatedStream stream;
  private final LoadSpec spec;
  private final ScheduledExecutorService ticks;
  private final Map<ShardLog, Feed> feeds = new HashMap<>();
  private final AtomicLong written = new AtomicLong();

  private SteadyLoad(SimulatedStream stream, LoadSpec spec) {
    this.stream = stream;
    this.spec = spec;
    this.ticks =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "steady-load-" + stream.tableName());
              thread.setDaemon(true);
              return thread;
            });
  }

  static SteadyLoad start(SimulatedStream stream, LoadSpec spec) {
    SteadyLoad load = new SteadyLoad(stream, spec);
    load.ticks.scheduleAtFixedRate(load::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    return load;
  }

  /** Records written so far. */
  public long written() {
    return written.get();
  }

  @Override
  public void close() {
    ticks.shutdownNow();
    try {
      ticks.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void tick() {
    try {
      if (!stream.enabled()) {
        return;
      }
      Topology topology = stream.tree().topology();
      handOverClosedShards(topology);
      long now = System.nanoTime();
      for (ShardLog shard : topology.open()) {
        Feed feed = feeds.computeIfAbsent(shard, unused -> new Feed(now));
        long due =
            (long) ((now - feed.startNanos) / 1e9 * spec.recordsPerSecondPerShard()) - feed.written;
        for (long i = 0; i < due && !Thread.currentThread().isInterrupted(); i++) {
          writeOne(shard, topology, feed);
        }
      }
    } catch (IllegalStateException stopped) {
      log.debug("steady load paused: {}", stopped.getMessage());
    } catch (RuntimeException e) {
      log.warn("steady load write failed", e);
    }
  }

  private void writeOne(ShardLog shard, Topology topology, Feed feed) {
    GeneratedItems items = stream.generated();
    switch (feed.nextEvent(spec)) {
      case 1 -> {
        LiveItem live = feed.live.poll();
        Map<String, AttributeValue> newItem =
            items.item(live.key, live.version + 1, spec.itemBytes());
        stream.write(Change.modify(items.item(live.key, live.version, spec.itemBytes()), newItem));
        feed.live.add(new LiveItem(live.key, live.version + 1));
      }
      case 2 -> {
        LiveItem live = feed.live.poll();
        stream.write(Change.remove(items.item(live.key, live.version, spec.itemBytes())));
      }
      default -> {
        String key = items.freshKeyFor(shard, topology);
        stream.write(Change.insert(items.item(key, 1, spec.itemBytes())));
        feed.live.add(new LiveItem(key, 1));
        if (feed.live.size() > MAX_LIVE_ITEMS_PER_SHARD) {
          feed.live.poll();
        }
      }
    }
    feed.written++;
    written.incrementAndGet();
  }

  /** Items of shards that closed move to the open shard that owns their key now. */
  private void handOverClosedShards(Topology topology) {
    Iterator<Map.Entry<ShardLog, Feed>> entries = feeds.entrySet().iterator();
    Map<ShardLog, ArrayDeque<LiveItem>> handedOver = new HashMap<>();
    while (entries.hasNext()) {
      Map.Entry<ShardLog, Feed> entry = entries.next();
      if (entry.getKey().open()) {
        continue;
      }
      entries.remove();
      for (LiveItem item : entry.getValue().live) {
        ShardLog owner = topology.ownerOf(KeyHash.ofString(item.key));
        if (owner != null) {
          handedOver.computeIfAbsent(owner, unused -> new ArrayDeque<>()).add(item);
        }
      }
    }
    long now = System.nanoTime();
    handedOver.forEach(
        (owner, items) -> feeds.computeIfAbsent(owner, unused -> new Feed(now)).live.addAll(items));
  }

  private record LiveItem(String key, long version) {}

  /** One shard's share of the load: when it started, how much it wrote, its live items. */
  private static final class Feed {
    final long startNanos;
    final ArrayDeque<LiveItem> live = new ArrayDeque<>();
    long written;
    final double[] credit = new double[3];

    Feed(long startNanos) {
      this.startNanos = startNanos;
    }

    /**
     * 0 INSERT, 1 MODIFY, 2 REMOVE: smooth weighted round robin, so the mix holds over any short
     * stretch; a MODIFY or REMOVE with no live item becomes an INSERT.
     */
    int nextEvent(LoadSpec spec) {
      double[] weights = {spec.insertWeight(), spec.modifyWeight(), spec.removeWeight()};
      double total = weights[0] + weights[1] + weights[2];
      int chosen = 0;
      for (int i = 0; i < 3; i++) {
        credit[i] += weights[i];
        if (credit[i] > credit[chosen]) {
          chosen = i;
        }
      }
      credit[chosen] -= total;
      return chosen != 0 && live.isEmpty() ? 0 : chosen;
    }
  }
}
