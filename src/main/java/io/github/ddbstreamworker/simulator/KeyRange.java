package io.github.ddbstreamworker.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of the key-hash space a shard owns, both ends included. DynamoDB Streams never shows
 * these ranges; the simulator keeps them so that a key always lands in the same line of shards.
 */
record KeyRange(long first, long last) {

  KeyRange {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("bad key range " + first + "-" + last);
    }
  }

  /** The whole space, cut into {@code count} ranges of nearly equal width. */
  static List<KeyRange> divide(int count) {
    List<KeyRange> ranges = new ArrayList<>(count);
    long width = Long.MAX_VALUE / count;
    for (int i = 0; i < count; i++) {
      long first = i * width;
      long last = i == count - 1 ? Long.MAX_VALUE : first + width - 1;
      ranges.add(new KeyRange(first, last));
    }
    return ranges;
  }

  boolean contains(long hash) {
    return hash >= first && hash <= last;
  }

  boolean splittable() {
    return last > first;
  }

  KeyRange lowerHalf() {
    return new KeyRange(first, middle());
  }

  KeyRange upperHalf() {
    return new KeyRange(middle() + 1, last);
  }

  private long middle() {
    return first + (last - first) / 2;
  }
}
