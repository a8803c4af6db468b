package io.github.ddbstreamworker.status;

import io.github.ddbstreamworker.kcl.LeaseHaltMarker;
import io.github.ddbstreamworker.kcl.LeaseWaitMarker;
import io.github.ddbstreamworker.kcl.upstream.LeaseRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a stream's shards (DescribeStream) and the KCL lease table of one application, watches the
 * lease counters for a few seconds to see which owners still renew, and builds the report.
 */
public final class StreamStatusReader {

  private final DynamoDbClient dynamoDb;
  private final FleetCensus census;
  private final CheckpointLag lag;

  public StreamStatusReader(DynamoDbClient dynamoDb, DynamoDbStreamsClient streams) {
    this.dynamoDb = dynamoDb;
    this.census = new FleetCensus(dynamoDb, streams);
    this.lag = new CheckpointLag(streams);
  }

  /**
   * @param observe how long to watch lease counters for renewals; zero skips the watch
   * @param checkpointAgeLimit warn when a record has waited this long after a shard's checkpoint
   */
  public StreamStatus read(
      String streamArn,
      String applicationName,
      Duration observe,
      int shardsPerWorker,
      Duration checkpointAgeLimit)
      throws InterruptedException {
    List<Shard> shards = census.shards(streamArn);
    Map<String, LeaseRow> leases = leases(applicationName);
    Map<String, LeaseRow> later = leases;
    if (!observe.isZero()) {
      Thread.sleep(observe.toMillis());
      later = leases(applicationName);
    }
    List<StreamStatus.Shard> rows = new ArrayList<>();
    for (Shard shard : shards) {
      rows.add(
          row(
              shard,
              later.get(shard.shardId()),
              observe.isZero() ? null : leases.get(shard.shardId())));
    }
    int open = (int) rows.stream().filter(StreamStatus.Shard::open).count();
    Set<String> liveWorkers = census.liveWorkerIds(applicationName);
    return new StreamStatus(
        streamArn,
        null,
        applicationName,
        rows,
        open,
        liveWorkers.size(),
        UnownedShards.among(shards, later, liveWorkers),
        shardsPerWorker,
        Math.max(1, (open + shardsPerWorker - 1) / shardsPerWorker),
        warnings(rows, observe, streamArn, checkpointAgeLimit));
  }

  private Map<String, LeaseRow> leases(String applicationName) {
    try {
      return census.leases(applicationName);
    } catch (ResourceNotFoundException e) {
      throw new IllegalStateException(
          "no lease table '"
              + applicationName
              + "': no worker has run with APPLICATION_NAME="
              + applicationName
              + " in this region");
    }
  }

  private static StreamStatus.Shard row(Shard shard, LeaseRow lease, LeaseRow before) {
    boolean open = FleetCensus.isOpen(shard);
    if (lease == null) {
      return new StreamStatus.Shard(
          shard.shardId(), shard.parentShardId(), open, null, null, null, null, null, null);
    }
    String owner = lease.owner();
    long counter = lease.counter();
    Boolean renewing = null;
    if (before != null && owner != null) {
      renewing = counter > before.counter();
    }
    String checkpoint = lease.checkpoint();
    return new StreamStatus.Shard(
        shard.shardId(),
        shard.parentShardId(),
        open,
        owner,
        checkpoint,
        counter,
        renewing,
        waitingOnDestination(lease, owner),
        halted(lease, owner));
  }

  /** The worker's halt marker, if the worker that wrote it still owns the lease. */
  private static String halted(LeaseRow lease, String owner) {
    AttributeValue marker = lease.attributes().get(LeaseHaltMarker.ATTRIBUTE);
    if (marker == null || !marker.hasM()) {
      return null;
    }
    Map<String, AttributeValue> fields = marker.m();
    AttributeValue worker = fields.get(LeaseHaltMarker.FIELD_WORKER);
    if (worker == null || !worker.s().equals(owner)) {
      return null;
    }
    AttributeValue record = fields.get(LeaseHaltMarker.FIELD_SEQUENCE_NUMBER);
    return "is halted "
        + (record == null ? "at its checkpoint" : "at record " + record.s())
        + " since "
        + fields.get(LeaseHaltMarker.FIELD_SINCE).s()
        + " after an unexpected "
        + fields.get(LeaseHaltMarker.FIELD_EXCEPTION).s()
        + " in the worker's "
        + fields.get(LeaseHaltMarker.FIELD_WHERE).s()
        + " (its log has the stack trace); nothing after it is processed, and its /health fails"
        + " until another worker takes the shard";
  }

  /** The worker's wait marker, if the worker that wrote it still owns the lease. */
  private static String waitingOnDestination(LeaseRow lease, String owner) {
    AttributeValue marker = lease.attributes().get(LeaseWaitMarker.ATTRIBUTE);
    if (marker == null || !marker.hasM()) {
      return null;
    }
    Map<String, AttributeValue> fields = marker.m();
    AttributeValue worker = fields.get(LeaseWaitMarker.FIELD_WORKER);
    if (worker == null || !worker.s().equals(owner)) {
      return null;
    }
    return "waits at record "
        + fields.get(LeaseWaitMarker.FIELD_SEQUENCE_NUMBER).s()
        + " since "
        + fields.get(LeaseWaitMarker.FIELD_SINCE).s()
        + ": the failure destination does not take it ("
        + fields.get(LeaseWaitMarker.FIELD_ERROR).s()
        + "); nothing after it is processed";
  }

  private List<String> warnings(
      List<StreamStatus.Shard> rows,
      Duration observe,
      String streamArn,
      Duration checkpointAgeLimit) {
    Map<String, StreamStatus.Shard> byId = new HashMap<>();
    rows.forEach(row -> byId.put(row.shardId(), row));
    List<String> warnings = new ArrayList<>();
    for (StreamStatus.Shard row : rows) {
      StreamStatus.Shard parent =
          row.parentShardId() == null ? null : byId.get(row.parentShardId());
      if (!row.hasLease()
          && parent != null
          && UnownedShards.SHARD_END.equals(parent.checkpoint())) {
        warnings.add(
            "shard "
                + row.shardId()
                + " has no lease although its parent "
                + parent.shardId()
                + " is finished: nothing reads it (the stuck child shard); the KCL leader's next"
                + " shard sync should create it");
      }
      if (row.waitingOnDestination() != null) {
        warnings.add("shard " + row.shardId() + " " + row.waitingOnDestination());
      }
      if (row.halted() != null) {
        warnings.add("shard " + row.shardId() + " " + row.halted());
      }
      if (row.hasLease()) {
        lag.oldestWaiting(streamArn, row.shardId(), row.checkpoint())
            .filter(age -> age.compareTo(checkpointAgeLimit) >= 0)
            .ifPresent(
                age ->
                    warnings.add(
                        "shard "
                            + row.shardId()
                            + " has a record "
                            + age.toSeconds()
                            + " s old after its checkpoint: the shard is not moving"));
      }
      if (Boolean.FALSE.equals(row.renewing())
          && !UnownedShards.SHARD_END.equals(row.checkpoint())) {
        warnings.add(
            "lease "
                + row.shardId()
                + " is owned by "
                + row.owner()
                + ", which did not renew it in "
                + observe.toSeconds()
                + " s: that worker has probably stopped; the lease is"
                + " reassigned once it expires");
      }
    }
    return warnings;
  }
}
