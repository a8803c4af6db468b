package io.github.ddbstreamworker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/** A snapshot's meters: this worker's items and read capacity, and the fleet's progress. */
public final class SnapshotMeters {

  private final Counter logged;
  private final Counter filtered;
  private final Counter readCapacity;
  private final AtomicLong segmentsRemaining = new AtomicLong(-1);
  private final AtomicLong itemsScanned = new AtomicLong();
  private final DoubleAdder secondsLeft = new DoubleAdder();

  public SnapshotMeters(MeterRegistry registry) {
    logged = items(registry, "logged");
    filtered = items(registry, "filtered");
    readCapacity =
        Counter.builder(MeterNames.SNAPSHOT_READ_CAPACITY)
            .description("read capacity units this worker's snapshot scan consumed")
            .register(registry);
    Gauge.builder(MeterNames.SNAPSHOT_SEGMENTS_REMAINING, segmentsRemaining, AtomicLong::get)
        .description("snapshot segments not yet scanned to their end")
        .register(registry);
    Gauge.builder(MeterNames.SNAPSHOT_ITEMS_SCANNED, itemsScanned, AtomicLong::get)
        .description("items the fleet's snapshot scan has read")
        .register(registry);
    Gauge.builder(MeterNames.SNAPSHOT_SECONDS_LEFT, secondsLeft, DoubleAdder::sum)
        .description("estimated seconds until the snapshot is done")
        .register(registry);
  }

  private static Counter items(MeterRegistry registry, String outcome) {
    return Counter.builder(MeterNames.SNAPSHOT_ITEMS)
        .tag(MeterNames.TAG_OUTCOME, outcome)
        .description("items this worker's snapshot scan read")
        .register(registry);
  }

  public void itemLogged() {
    logged.increment();
  }

  public void itemFiltered() {
    filtered.increment();
  }

  public void readCapacity(double units) {
    readCapacity.increment(units);
  }

  /** The fleet's progress as last read from the snapshot's progress table. */
  public void progress(long remainingSegments, long scannedItems, double estimatedSecondsLeft) {
    segmentsRemaining.set(remainingSegments);
    itemsScanned.set(scannedItems);
    secondsLeft.reset();
    secondsLeft.add(estimatedSecondsLeft);
  }
}
