package io.github.ddbstreamworker.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Running counts of records by event name and what became of them. Safe across shards. */
public final class EventCounts {

  /** What became of a record. */
  public enum Outcome {
    /** Passed the filter and written as an item line. */
    LOGGED,
    /** Left out by the filter. */
    FILTERED,
    /** Could not be turned into a line; reported as an error. */
    FAILED,
    /**
     * Created before the worker's start time (INITIAL_TIMESTAMP) on a shard read from its oldest
     * record for it: passed over unlogged.
     */
    BEFORE_START
  }

  private final Map<String, Map<Outcome, LongAdder>> counts = new ConcurrentHashMap<>();

  public void add(String eventName, Outcome outcome) {
    counts.computeIfAbsent(eventName, name -> newCounters()).get(outcome).increment();
  }

  public long get(String eventName, Outcome outcome) {
    Map<Outcome, LongAdder> byOutcome = counts.get(eventName);
    return byOutcome == null ? 0 : byOutcome.get(outcome).sum();
  }

  /** A copy of the counts, event names in order, leaving out outcomes that never happened. */
  public Map<String, Map<Outcome, Long>> snapshot() {
    Map<String, Map<Outcome, Long>> copy = new TreeMap<>();
    counts.forEach(
        (eventName, byOutcome) -> {
          Map<Outcome, Long> values = new EnumMap<>(Outcome.class);
          byOutcome.forEach(
              (outcome, count) -> {
                if (count.sum() > 0) {
                  values.put(outcome, count.sum());
                }
              });
          copy.put(eventName, values);
        });
    return copy;
  }

  private static Map<Outcome, LongAdder> newCounters() {
    Map<Outcome, LongAdder> byOutcome = new EnumMap<>(Outcome.class);
    for (Outcome outcome : Outcome.values()) {
      byOutcome.put(outcome, new LongAdder());
    }
    return byOutcome;
  }
}
