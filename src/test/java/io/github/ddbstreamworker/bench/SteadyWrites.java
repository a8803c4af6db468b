package io.github.ddbstreamworker.bench;

import java.time.Duration;
import java.util.HashMap;
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

  /**
   * Items written, items whose line arrived in time, lines that repeated an item, and each
   * delivered item's latency to its first line.
   */
  record Delivery(int written, int delivered, int repeated, Percentiles latency) {}

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
    int before = sink.count();
    Map<String, Long> written = write(write);
    BenchWorkers.awaitUntil(() -> sink.count() >= before + items);
    return Percentiles.of(List.copyOf(firstLatencies(sink, written).values()));
  }

  /**
   * Writes the items at the steady rate and returns when it has.
   *
   * @param write writes one item with the given id and returns its record's creation time
   * @return each item's id and its record's creation time
   */
  Map<String, Long> write(ToLongFunction<String> write) throws InterruptedException {
    Map<String, Long> written = new ConcurrentHashMap<>();
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
    return written;
  }

  /**
   * Waits at most {@code grace} for a line of each item {@link #write} wrote.
   *
   * @param before the sink's count before the writes began; no other lines may arrive
   */
  static Delivery collect(TimedSink sink, int before, Map<String, Long> written, Duration grace)
      throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    Map<String, Double> first = firstLatencies(sink, written);
    while (first.size() < written.size() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      first = firstLatencies(sink, written);
    }
    int lines = sink.count() - before;
    return new Delivery(
        written.size(),
        first.size(),
        lines - first.size(),
        Percentiles.of(List.copyOf(first.values())));
  }

  private static Map<String, Double> firstLatencies(TimedSink sink, Map<String, Long> written) {
    Map<String, Double> first = new HashMap<>();
    for (TimedSink.Arrival arrival : sink.arrivals()) {
      Matcher id = ID.matcher(arrival.line());
      if (id.find() && written.containsKey(id.group(1))) {
        first.putIfAbsent(id.group(1), (arrival.nanos() - written.get(id.group(1))) / 1e6);
      }
    }
    return first;
  }
}
