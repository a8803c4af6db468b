package io.github.ddbstreamworker.kcl;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes on a shard's lease that this worker halted the shard after an unexpected exception, so
 * {@code status} can say which shard and why from another machine: the stage and the exception's
 * class, never its message. The marker names the worker: once another worker owns the lease, it
 * means nothing; when this worker takes the shard again, it removes it.
 */
public final class LeaseHaltMarker {

  /** The lease attribute; {@code status} reads it. */
  public static final String ATTRIBUTE = "haltedOnUnexpectedError";

  public static final String FIELD_WORKER = "worker";
  public static final String FIELD_SINCE = "since";
  public static final String FIELD_WHERE = "where";
  public static final String FIELD_EXCEPTION = "exception";

  /** The record the shard halted at; absent when it halted at its checkpoint. */
  public static final String FIELD_SEQUENCE_NUMBER = "sequenceNumber";

  private final OwnLeaseAttributes leases;
  private final Clock clock;

  LeaseHaltMarker(DynamoDbAsyncClient dynamoDb, String leaseTable, String workerId, Clock clock) {
    this.leases = new OwnLeaseAttributes(dynamoDb, leaseTable, workerId);
    this.clock = clock;
  }

  void halted(String shardId, String where, String exceptionClass, Optional<String> atRecord) {
    Map<String, AttributeValue> fields = new HashMap<>();
    fields.put(FIELD_WORKER, AttributeValue.fromS(leases.workerId()));
    fields.put(FIELD_SINCE, AttributeValue.fromS(clock.instant().toString()));
    fields.put(FIELD_WHERE, AttributeValue.fromS(where));
    fields.put(FIELD_EXCEPTION, AttributeValue.fromS(exceptionClass));
    atRecord.ifPresent(record -> fields.put(FIELD_SEQUENCE_NUMBER, AttributeValue.fromS(record)));
    leases.set(shardId, ATTRIBUTE, AttributeValue.fromM(fields));
  }

  /** Removes a marker an earlier run of this worker may have left on a shard it now starts. */
  void cleared(String shardId) {
    leases.remove(shardId, ATTRIBUTE);
  }
}
