package io.github.ddbstreamworker.snapshot;

import io.github.ddbstreamworker.aws.ResolvedStream;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.RecordFailedException;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.core.RecordSource;
import io.github.ddbstreamworker.core.StageFailedException;
import io.github.ddbstreamworker.metrics.SnapshotMeters;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Scans one claimed segment from its last saved key to its end, a page at a time: each page waits
 * for the budget, its items become snapshot lines, the lines are flushed, and only then is the
 * page's last key saved. A crash therefore repeats at most the page in flight.
 */
final class SegmentScan {

  private static final Logger log = LoggerFactory.getLogger(SegmentScan.class);

  /** A page is sized to about this much of a scan's share of the budget. */
  private static final double PAGE_SECONDS = 1.0;

  private static final int MIN_PAGE = 10;
  private static final int MAX_PAGE = 1000;

  /** Read units an item is taken to cost before any page said otherwise (about 100 bytes). */
  private static final double FIRST_UNITS_PER_ITEM = 1.0 / 64;

  /** Bytes an eventually consistent read unit covers: half a unit per 4 KB. */
  private static final double UNIT_BYTES_EVENTUALLY_CONSISTENT = 8192;

  private final DynamoDbClient dynamoDb;
  private final RecordSource source;
  private final List<String> keyNames;
  private final ProgressTable.Header header;
  private final ProgressTable table;
  private final String workerId;
  private final Duration claimTime;
  private final RecordPipeline pipeline;
  private final SnapshotMeters meters;
  private final ReadCapacityBudget budget;
  private final Clock clock;
  private final BooleanSupplier stopping;
  private final IntPredicate stillHeld;
  private long bytesRead;
  private long itemsRead;

  SegmentScan(
      DynamoDbClient dynamoDb,
      ResolvedStream stream,
      List<String> keyNames,
      ProgressTable.Header header,
      ProgressTable table,
      String workerId,
      Duration claimTime,
      RecordPipeline pipeline,
      SnapshotMeters meters,
      ReadCapacityBudget budget,
      Clock clock,
      BooleanSupplier stopping,
      IntPredicate stillHeld) {
    this.dynamoDb = dynamoDb;
    this.source = new RecordSource(stream.streamArn(), stream.tableName(), null);
    this.keyNames = keyNames;
    this.header = header;
    this.table = table;
    this.workerId = workerId;
    this.claimTime = claimTime;
    this.pipeline = pipeline;
    this.meters = meters;
    this.budget = budget;
    this.clock = clock;
    this.stopping = stopping;
    this.stillHeld = stillHeld;
  }

  /**
   * Scans the segment until its end, a stop, or the loss of its claim.
   *
   * @param scansAtOnce how many segments this worker scans at once, to size pages
   * @throws TableSnapshot.SnapshotFailedException when an item's line cannot be written
   */
  void scan(ProgressTable.Segment claimed, int scansAtOnce) {
    int segment = claimed.segment();
    Map<String, AttributeValue> lastKey = claimed.lastKey();
    long items = claimed.items();
    double units = claimed.readCapacity();
    if (!lastKey.isEmpty()) {
      log.atInfo()
          .addKeyValue("segment", segment)
          .addKeyValue("itemsBefore", items)
          .addKeyValue("claims", claimed.claims())
          .log("resuming snapshot segment {} from its saved key, after {} items", segment, items);
    } else {
      log.atDebug().addKeyValue("segment", segment).log("scanning snapshot segment {}", segment);
    }
    do {
      try {
        awaitBudget();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (stopping.getAsBoolean() || !stillHeld.test(segment)) {
        return;
      }
      int limit = pageLimit(scansAtOnce);
      ScanResponse page = dynamoDb.scan(request(segment, lastKey, limit));
      double cost = ReadCapacity.ofPage(page);
      budget.spend(cost);
      meters.readCapacity(cost);
      for (Map<String, AttributeValue> item : page.items()) {
        bytesRead += ReadCapacity.itemSize(item);
        write(item);
      }
      itemsRead += page.items().size();
      flush();
      lastKey =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : Map.of();
      items += page.items().size();
      units += cost;
      if (!table.save(
          segment, workerId, lastKey, items, units, clock.millis() + claimTime.toMillis())) {
        log.warn(
            "lost the claim on snapshot segment {} to another worker; it goes on from the last"
                + " saved key",
            segment);
        return;
      }
    } while (!lastKey.isEmpty());
    log.atInfo()
        .addKeyValue("segment", segment)
        .addKeyValue("items", items)
        .log("snapshot segment {} done: {} items", segment, items);
  }

  /**
   * Items for about {@link #PAGE_SECONDS} of one scan's share of the budget, from the items' mean
   * size so far. Sizes rather than the units the service reported: a page's cost is rounded up to 4
   * KB, so on small pages the reported cost per item overstates it and would shrink the pages
   * further, down to the least.
   */
  private int pageLimit(int scansAtOnce) {
    double unitsPerItem =
        itemsRead > 0
            ? Math.max(1.0, (double) bytesRead / itemsRead) / UNIT_BYTES_EVENTUALLY_CONSISTENT
            : FIRST_UNITS_PER_ITEM;
    double items = budget.rate() / scansAtOnce * PAGE_SECONDS / unitsPerItem;
    return (int) Math.max(MIN_PAGE, Math.min(MAX_PAGE, items));
  }

  private void awaitBudget() throws InterruptedException {
    long nanos;
    while ((nanos = budget.nanosUntilAvailable()) > 0 && !stopping.getAsBoolean()) {
      Thread.sleep(Math.max(1, Math.min(200, nanos / 1_000_000)));
    }
  }

  private ScanRequest request(int segment, Map<String, AttributeValue> lastKey, int limit) {
    ScanRequest.Builder request =
        ScanRequest.builder()
            .tableName(source.tableName())
            .segment(segment)
            .totalSegments(header.totalSegments())
            .limit(limit)
            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
    if (!lastKey.isEmpty()) {
      request.exclusiveStartKey(lastKey);
    }
    return request.build();
  }

  private void write(Map<String, AttributeValue> item) {
    try {
      EventCounts.Outcome outcome =
          pipeline.processSnapshotItem(asInsert(item), source, header.startedAt());
      if (outcome == EventCounts.Outcome.LOGGED) {
        meters.itemLogged();
      } else {
        meters.itemFiltered();
      }
    } catch (RecordFailedException | StageFailedException e) {
      throw new TableSnapshot.SnapshotFailedException(
          "a snapshot item could not be written, so the snapshot stops: "
              + e.getClass().getSimpleName(),
          e);
    }
  }

  private void flush() {
    try {
      pipeline.flush();
    } catch (StageFailedException e) {
      throw new TableSnapshot.SnapshotFailedException(
          "the snapshot's lines could not be flushed, so the snapshot stops", e);
    }
  }

  /** The item as the INSERT record that would have created it: what the filter sees. */
  private Record asInsert(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> keys = new HashMap<>();
    for (String name : keyNames) {
      AttributeValue value = item.get(name);
      if (value != null) {
        keys.put(name, value);
      }
    }
    return Record.builder()
        .eventName(OperationType.INSERT)
        .eventSource("aws:dynamodb")
        .dynamodb(
            StreamRecord.builder()
                .keys(keys)
                .newImage(item)
                .sizeBytes(ReadCapacity.itemSize(item))
                .build())
        .build();
  }
}
