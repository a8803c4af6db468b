package io.github.ddbstreamworker.core;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** The path every stream record takes, whatever delivered it: filter, then one JSON line. */
public final class RecordPipeline {

  private static final Logger log = LoggerFactory.getLogger(RecordPipeline.class);

  private final RecordFilter filter;
  private final ItemLineFormatter formatter;
  private final ItemSink sink;
  private final EventCounts counts;

  public RecordPipeline(RecordFilter filter, ItemSink sink, EventCounts counts) {
    this.filter = filter;
    this.formatter = new ItemLineFormatter();
    this.sink = sink;
    this.counts = counts;
  }

  /**
   * Runs a batch and flushes the sink, so the batch may be checkpointed. A record that cannot be
   * written is reported (never its content) and skipped, so it cannot stall the shard.
   */
  public void process(List<Record> records, RecordSource source) {
    for (Record record : records) {
      try {
        process(record, source);
      } catch (RecordFailedException e) {
        log.atError()
            .addKeyValue("shardId", source.shardId())
            .addKeyValue("sequenceNumber", record.dynamodb().sequenceNumber())
            .addKeyValue("eventName", record.eventNameAsString())
            .log("record skipped: {}", e.getMessage());
      }
    }
    flush();
  }

  /**
   * Runs one record; the line may stay buffered until {@link #flush()}.
   *
   * @throws RecordFailedException if the record passed the filter but cannot be written
   */
  public EventCounts.Outcome process(Record record, RecordSource source) {
    String eventName = record.eventNameAsString();
    if (!filter.accepts(record, source)) {
      counts.add(eventName, EventCounts.Outcome.FILTERED);
      return EventCounts.Outcome.FILTERED;
    }
    String line;
    try {
      line = formatter.format(record, source);
    } catch (UnsupportedAttributeException e) {
      counts.add(eventName, EventCounts.Outcome.FAILED);
      throw new RecordFailedException("it cannot be written as JSON: " + e.getMessage(), e);
    }
    sink.accept(line);
    counts.add(eventName, EventCounts.Outcome.LOGGED);
    return EventCounts.Outcome.LOGGED;
  }

  public void flush() {
    sink.flush();
  }
}
