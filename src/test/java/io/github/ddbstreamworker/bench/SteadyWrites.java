package io.github.ddbstreamworker.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end latency at a steady write rate: each item's time from its record's creation in the
 * stream to its line reaching the sink, both on this JVM's {@link System#nanoTime()}.
 */
final class SteadyWrites {

  private static final Pattern ID = Pattern.compile("\"keys\":\\{\"id\":\"([^\"]+)\"");

  private final int items;
  private final int writesPerSecond;

  SteadyWrites(int items, int writesPerSecond) {
    this.items = items;
    this.writesPerSecond = writesPerSecond;
  }

  /**
   * @param write writes one item with the given id and returns its record's creation time
   */
  Percentiles measure(TimedSink sink, ToLongFunction<String> write) throws InterruptedException {
    Map<String, Long> written = new ConcurrentHashMap<>();
    int before = sink.count();
    long intervalNanos = 1_000_000_000L / writesPerSecond;
    long next = System.nanoTime();
    for (int i = 0; i < items; i++) {
      String id = "latency-" + UUID.randomUUID();
      written.put(id, write.applyAsLong(id));
      next += intervalNanos;
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
      }
    }
    BenchWorkers.awaitUntil(() -> sink.count() >= before + items);
    List<Double> latencies = new ArrayList<>();
    for (TimedSink.Arrival arrival : sink.arrivals()) {
      Matcher id = ID.matcher(arrival.line());
      if (id.find() && written.containsKey(id.group(1))) {
        latencies.add((arrival.nanos() - written.get(id.group(1))) / 1e6);
      }
    }
    return Percentiles.of(latencies);
  }
}
