package io.github.ddbstreamworker.kcl;

import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * Which records of a shard are passed over as created before the start time (INITIAL_TIMESTAMP).
 * Like any initial position it is for a shard without a checkpoint. Such a shard is checkpointed
 * while its older records are passed over, so the start time is also written on its lease: a worker
 * that takes the shard from one of those checkpoints goes on passing over the same records, even
 * after a restart that counted a duration back from a later start.
 */
final class ShardStartTimes {

  /** The lease attribute: the instant, ISO-8601. */
  static final String ATTRIBUTE = "startTime";

  private static final Logger log = LoggerFactory.getLogger(ShardStartTimes.class);

  private final Optional<Instant> configured;
  private final OwnLeaseAttributes leases;

  /**
   * @param configured the resolved INITIAL_TIMESTAMP; empty when it is unset or does not apply
   */
  ShardStartTimes(
      Optional<Instant> configured,
      DynamoDbAsyncClient dynamoDb,
      String leaseTable,
      String workerId) {
    this.configured = configured;
    this.leases = new OwnLeaseAttributes(dynamoDb, leaseTable, workerId);
  }

  private ShardStartTimes() {
    this.configured = Optional.empty();
    this.leases = null;
  }

  /** No start time: every record is processed. */
  static ShardStartTimes none() {
    return new ShardStartTimes();
  }

  /**
   * The start time for a shard this worker now holds, which it starts reading after {@code from}.
   * Without a checkpoint, the configured one, which is written on the lease; with one, the start
   * time on the lease if any.
   */
  Optional<Instant> forShard(String shardId, ExtendedSequenceNumber from) {
    if (configured.isEmpty()) {
      return Optional.empty();
    }
    if (ExtendedSequenceNumber.TRIM_HORIZON.sequenceNumber().equals(from.sequenceNumber())) {
      leases.set(shardId, ATTRIBUTE, AttributeValue.fromS(configured.get().toString()));
      log.info("no checkpoint: records created before {} are left out", configured.get());
      return configured;
    }
    Optional<Instant> onLease = onLease(shardId);
    onLease.ifPresent(
        start ->
            log.info(
                "records created before {} are still left out: the shard started at that time",
                start));
    return onLease;
  }

  /**
   * How many leases hold a checkpoint and no start time: their shards continue from the checkpoint
   * whatever the start time.
   *
   * @throws RuntimeException when the lease table cannot be read
   */
  static long checkpointedWithoutStartTime(DynamoDbClient dynamoDb, String leaseTable) {
    return dynamoDb
        .scanPaginator(request -> request.tableName(leaseTable).consistentRead(true))
        .items()
        .stream()
        .filter(lease -> !lease.containsKey(ATTRIBUTE))
        .map(LeaseRows::read)
        .filter(LeaseRows::checkpointed)
        .count();
  }

  /**
   * A lease that cannot be read counts as one without a start time: records are then logged, not
   * lost.
   */
  private Optional<Instant> onLease(String shardId) {
    try {
      return leases.get(shardId, ATTRIBUTE).map(AttributeValue::s).map(Instant::parse);
    } catch (RuntimeException e) {
      log.warn("could not read the shard's start time from its lease: {}", e.toString());
      return Optional.empty();
    }
  }
}
