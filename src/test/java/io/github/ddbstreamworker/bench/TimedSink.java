package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.core.ItemSink;
import java.util.ArrayList;
import java.util.List;

/** Notes when each item line arrives, and drops the line. */
final class TimedSink implements ItemSink {

  /** One line, and {@link System#nanoTime()} when it arrived. */
  record Arrival(String line, long nanos) {}

  private final List<Arrival> arrivals = new ArrayList<>();

  @Override
  public synchronized void accept(String line) {
    arrivals.add(new Arrival(line, System.nanoTime()));
  }

  @Override
  public void flush() {}

  synchronized List<Arrival> arrivals() {
    return List.copyOf(arrivals);
  }

  synchronized int count() {
    return arrivals.size();
  }
}
