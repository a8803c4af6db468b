package io.github.ddbstreamworker.core;

import java.time.Instant;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The path every stream record takes, whatever delivered it: filter, redaction, then one JSON line.
 * Retries and failures are the caller's ({@code core.failure.BatchProcessor} for the worker, Lambda
 * itself for the handler).
 */
public final class RecordPipeline {

  private final RecordFilter filter;
  private final Redaction redaction;
  private final ItemLineFormatter formatter;
  private final ItemSink sink;
  private final EventCounts counts;

  public RecordPipeline(
      RecordFilter filter, Redaction redaction, ItemSink sink, EventCounts counts) {
    this.filter = filter;
    this.redaction = redaction;
    this.formatter = new ItemLineFormatter();
    this.sink = sink;
    this.counts = counts;
  }

  public RecordPipeline(RecordFilter filter, ItemSink sink, EventCounts counts) {
    this(filter, Redaction.none(), sink, counts);
  }

  /**
   * Runs one record; the line may stay buffered until {@link #flush()}. The filter sees the record
   * as it is; everything written sees it redacted.
   *
   * @throws RecordFailedException if the record passed the filter but could not be written
   * @throws StageFailedException if the filter threw
   */
  public EventCounts.Outcome process(Record record, RecordSource source) {
    return process(record, source, redacted -> formatter.format(redacted, source));
  }

  /**
   * Runs one item of a snapshot, given as the INSERT record it would be: the same filter and
   * redaction as a stream record, written as a snapshot line.
   *
   * @throws RecordFailedException if the item passed the filter but could not be written
   * @throws StageFailedException if the filter threw
   */
  public EventCounts.Outcome processSnapshotItem(
      Record asInsert, RecordSource source, Instant snapshotStart) {
    return process(
        asInsert, source, redacted -> formatter.formatSnapshot(redacted, source, snapshotStart));
  }

  private EventCounts.Outcome process(
      Record record, RecordSource source, Function<Record, String> line) {
    String eventName = record.eventNameAsString();
    if (!accepts(record, source)) {
      counts.add(eventName, EventCounts.Outcome.FILTERED);
      return EventCounts.Outcome.FILTERED;
    }
    try {
      sink.accept(line.apply(redaction.apply(record)));
    } catch (UnsupportedAttributeException e) {
      throw new RecordFailedException("it cannot be written as JSON: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new RecordFailedException("writing its line failed: " + e, e);
    }
    counts.add(eventName, EventCounts.Outcome.LOGGED);
    return EventCounts.Outcome.LOGGED;
  }

  /** A filter that throws is a fault of the worker, not of the record: nobody retries it. */
  private boolean accepts(Record record, RecordSource source) {
    try {
      return filter.accepts(record, source);
    } catch (RuntimeException | Error thrown) {
      throw new StageFailedException(Stage.FILTER, thrown);
    }
  }

  /** Passes over a record created before the start time: counted, neither filtered nor written. */
  public EventCounts.Outcome passBeforeStart(Record record) {
    counts.add(record.eventNameAsString(), EventCounts.Outcome.BEFORE_START);
    return EventCounts.Outcome.BEFORE_START;
  }

  /** The record as failure reports may show it. */
  public Record redact(Record record) {
    return redaction.apply(record);
  }

  /** Counts a record given up on, once, however many attempts it took. */
  public void countFailure(Record record) {
    counts.add(record.eventNameAsString(), EventCounts.Outcome.FAILED);
  }

  /**
   * @throws StageFailedException if the sink could not flush: the lines since its last flush may be
   *     lost
   */
  public void flush() {
    try {
      sink.flush();
    } catch (RuntimeException | Error thrown) {
      throw new StageFailedException(Stage.SINK, thrown);
    }
  }
}
