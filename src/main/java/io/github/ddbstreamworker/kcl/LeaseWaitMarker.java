package io.github.ddbstreamworker.kcl;

import io.github.ddbstreamworker.core.failure.FailureListener;
import io.github.ddbstreamworker.core.failure.RecordFailure;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes on a shard's lease that the shard waits on the failure destination, so {@code status} can
 * say so from another machine; removes it when the shard moves on. The KCL updates leases attribute
 * by attribute, so it leaves this one alone. The marker names the worker: once another worker owns
 * the lease, an old marker means nothing.
 */
public final class LeaseWaitMarker implements FailureListener {

  /** The lease attribute; {@code status} reads it. */
  public static final String ATTRIBUTE = "failureDestinationWait";

  public static final String FIELD_WORKER = "worker";
  public static final String FIELD_SINCE = "since";
  public static final String FIELD_SEQUENCE_NUMBER = "sequenceNumber";
  public static final String FIELD_ERROR = "error";

  private static final int MAX_ERROR_LENGTH = 500;

  private final OwnLeaseAttributes leases;
  private final Clock clock;

  public LeaseWaitMarker(
      DynamoDbAsyncClient dynamoDb, String leaseTable, String workerId, Clock clock) {
    this.leases = new OwnLeaseAttributes(dynamoDb, leaseTable, workerId);
    this.clock = clock;
  }

  @Override
  public void waiting(RecordFailure failure, String destinationError) {
    String error =
        destinationError == null || destinationError.length() <= MAX_ERROR_LENGTH
            ? String.valueOf(destinationError)
            : destinationError.substring(0, MAX_ERROR_LENGTH);
    AttributeValue marker =
        AttributeValue.fromM(
            Map.of(
                FIELD_WORKER, AttributeValue.fromS(leases.workerId()),
                FIELD_SINCE, AttributeValue.fromS(clock.instant().toString()),
                FIELD_SEQUENCE_NUMBER, AttributeValue.fromS(failure.sequenceNumber()),
                FIELD_ERROR, AttributeValue.fromS(error)));
    leases.set(failure.source().shardId(), ATTRIBUTE, marker);
  }

  @Override
  public void resumed(String shardId) {
    leases.remove(shardId, ATTRIBUTE);
  }
}
