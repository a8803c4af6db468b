package io.github.ddbstreamworker.testsupport;

import io.github.ddbstreamworker.core.ItemSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A sink that keeps only each line's sequence number and how often it came: enough to count records
 * lost and repeated over a long run without holding the lines.
 */
public final class SequenceSink implements ItemSink {

  private final Map<String, LongAdder> seen = new ConcurrentHashMap<>();
  private final LongAdder lines = new LongAdder();

  @Override
  public void accept(String line) {
    String sequenceNumber = RecordingSink.parse(line).get("sequenceNumber").asText();
    seen.computeIfAbsent(sequenceNumber, unused -> new LongAdder()).increment();
    lines.increment();
  }

  @Override
  public void flush() {}

  /** Lines written, repeats included. */
  public long lines() {
    return lines.sum();
  }

  /** Distinct records written. */
  public long distinct() {
    return seen.size();
  }

  /** Lines beyond the first of their record. */
  public long repeated() {
    return lines() - distinct();
  }
}
