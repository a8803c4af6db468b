package io.github.ddbstreamworker.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of a set of latencies, in milliseconds. */
record Percentiles(List<Double> sortedMillis) {

  static Percentiles of(List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    return new Percentiles(List.copyOf(sorted));
  }

  double at(double percent) {
    int index = (int) Math.ceil(percent / 100.0 * sortedMillis.size()) - 1;
    return sortedMillis.get(Math.max(0, index));
  }

  double max() {
    return sortedMillis.get(sortedMillis.size() - 1);
  }
}
