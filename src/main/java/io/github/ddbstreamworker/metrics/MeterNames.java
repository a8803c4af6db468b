package io.github.ddbstreamworker.metrics;

/**
 * Every meter and tag this worker records, in one place; docs/metrics.md describes each. Shard ids
 * appear only on meters about one shard; item keys never appear.
 */
public final class MeterNames {

  /** Counter: records read from the stream. Tags: event_name, outcome. */
  public static final String RECORDS = "ddb.stream.records";

  /** Counter: checkpoints attempted. Tags: reason, outcome. */
  public static final String CHECKPOINTS = "ddb.stream.checkpoints";

  /** Timer: time to write one checkpoint to the lease table. Tags: reason. */
  public static final String CHECKPOINT_LATENCY = "ddb.stream.checkpoint.latency";

  /** Gauge: records processed on a shard since its last checkpoint. Tags: shard_id. */
  public static final String RECORDS_SINCE_CHECKPOINT = "ddb.stream.shard.records.since.checkpoint";

  /** Gauge: seconds since a shard's last checkpoint. Tags: shard_id. */
  public static final String SECONDS_SINCE_CHECKPOINT = "ddb.stream.shard.seconds.since.checkpoint";

  /**
   * Gauge: milliseconds from the newest record's approximate creation time to its processing, 0
   * once the shard is caught up. Tags: shard_id.
   */
  public static final String ITERATOR_AGE = "ddb.stream.shard.iterator.age";

  /** Gauge: the largest iterator age across the shards this worker holds. */
  public static final String ITERATOR_AGE_MAX = "ddb.stream.iterator.age.max";

  /** Gauge: the KCL's MillisBehindLatest for a shard, as the adapter reports it. Tags: shard_id. */
  public static final String MILLIS_BEHIND_LATEST = "ddb.stream.shard.millis.behind.latest";

  /** Gauge: shards this worker is processing (leases held). */
  public static final String LEASES_HELD = "ddb.stream.leases.held";

  /** Counter: shards this worker processed to their end. */
  public static final String SHARDS_ENDED = "ddb.stream.shards.ended";

  /** Gauge: open shards in the stream, counted once a minute. */
  public static final String OPEN_SHARDS = "ddb.stream.shards.open";

  /** Gauge: workers of this application whose KCL worker-metrics row is recent. */
  public static final String LIVE_WORKERS = "ddb.stream.workers.live";

  /**
   * Gauge: unfinished shards that no live worker holds (no lease, no owner, or an owner that
   * stopped reporting), leaving out shards that wait for their parent; counted once a minute.
   */
  public static final String UNOWNED_SHARDS = "ddb.stream.shards.unowned";

  /**
   * Counter: records given up on and handed to the failure destination. Tags: reason, destination.
   */
  public static final String FAILED_RECORDS = "ddb.stream.failed.records";

  /** Counter: attempts to store a failure that the destination refused. Tags: destination. */
  public static final String DESTINATION_ERRORS = "ddb.stream.failure.destination.errors";

  /** Gauge: shards waiting at a record because the failure destination cannot be reached. */
  public static final String BLOCKED_SHARDS = "ddb.stream.shards.blocked";

  /**
   * Counter: gaps in a shard's records: the stream had trimmed (24 h retention) records the worker
   * had not yet read, and it continued from the oldest record still there. Tags: shard_id.
   */
  public static final String TRIMMED_GAPS = "ddb.stream.trimmed.gaps";

  /**
   * Counter: unexpected exceptions in the worker's own code; each halts the shard it happened on.
   * Tags: where (filter, sink, meter, failure_destination, checkpoint, processor).
   */
  public static final String UNEXPECTED_ERRORS = "ddb.stream.unexpected.errors";

  /** Counter: items this worker's snapshot scan read. Tags: outcome (logged, filtered). */
  public static final String SNAPSHOT_ITEMS = "ddb.snapshot.items";

  /** Counter: read capacity units this worker's snapshot scan consumed. */
  public static final String SNAPSHOT_READ_CAPACITY = "ddb.snapshot.read.capacity";

  /** Gauge: snapshot segments not yet scanned to their end, by any worker. */
  public static final String SNAPSHOT_SEGMENTS_REMAINING = "ddb.snapshot.segments.remaining";

  /** Gauge: items the whole fleet's snapshot scan has read so far. */
  public static final String SNAPSHOT_ITEMS_SCANNED = "ddb.snapshot.items.scanned";

  /**
   * Gauge: seconds the snapshot is estimated to take still, from the table's item count (which AWS
   * updates about every 6 h); NaN while unknown.
   */
  public static final String SNAPSHOT_SECONDS_LEFT = "ddb.snapshot.seconds.left";

  /**
   * Prefix of the KCL's own metrics, recorded when {@code METRICS_LEVEL} is SUMMARY or DETAILED:
   * {@code kcl.<KCL metric name>}, distribution summaries tagged Operation and ShardId.
   */
  public static final String KCL_PREFIX = "kcl.";

  public static final String TAG_EVENT_NAME = "event_name";
  public static final String TAG_OUTCOME = "outcome";
  public static final String TAG_REASON = "reason";
  public static final String TAG_SHARD_ID = "shard_id";
  public static final String TAG_DESTINATION = "destination";
  public static final String TAG_WHERE = "where";

  private MeterNames() {}
}
