package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.core.ItemSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Notes when each item line arrives, and drops the line. */
final class TimedSink implements ItemSink {

  /** One line, and {@link System#nanoTime()} when it arrived. */
  record Arrival(String line, long nanos) {}

  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

  @Override
  public void accept(String line) {
    arrivals.add(new Arrival(line, System.nanoTime()));
  }

  @Override
  public void flush() {}

  List<Arrival> arrivals() {
    return List.copyOf(arrivals);
  }

  int count() {
    return arrivals.size();
  }
}
