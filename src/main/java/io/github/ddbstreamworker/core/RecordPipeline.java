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

  /** Runs a batch through the pipeline and flushes the sink, so the batch may be checkpointed. */
  public void process(List<Record> records, ShardContext shard) {
    for (Record record : records) {
      counts.add(record.eventNameAsString(), process(record, shard));
    }
    sink.flush();
  }

  private EventCounts.Outcome process(Record record, ShardContext shard) {
    if (!filter.accepts(record)) {
      return EventCounts.Outcome.FILTERED;
    }
    String line;
    try {
      line = formatter.format(record, shard);
    } catch (RuntimeException e) {
      log.atError()
          .addKeyValue("shardId", shard.shardId())
          .addKeyValue("sequenceNumber", record.dynamodb().sequenceNumber())
          .addKeyValue("eventName", record.eventNameAsString())
          .log("record could not be written as JSON and was skipped: {}", e.getMessage());
      return EventCounts.Outcome.FAILED;
    }
    sink.accept(line);
    return EventCounts.Outcome.LOGGED;
  }
}
