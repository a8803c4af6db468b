package io.github.ddbstreamworker.kcl;

import io.github.ddbstreamworker.core.failure.FailureListener;
import io.github.ddbstreamworker.core.failure.RecordFailure;
import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

  private static final Logger log = LoggerFactory.getLogger(LeaseWaitMarker.class);
  private static final int MAX_ERROR_LENGTH = 500;

  private final DynamoDbAsyncClient dynamoDb;
  private final String leaseTable;
  private final String workerId;
  private final Clock clock;

  public LeaseWaitMarker(
      DynamoDbAsyncClient dynamoDb, String leaseTable, String workerId, Clock clock) {
    this.dynamoDb = dynamoDb;
    this.leaseTable = leaseTable;
    this.workerId = workerId;
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
                FIELD_WORKER, AttributeValue.fromS(workerId),
                FIELD_SINCE, AttributeValue.fromS(clock.instant().toString()),
                FIELD_SEQUENCE_NUMBER, AttributeValue.fromS(failure.sequenceNumber()),
                FIELD_ERROR, AttributeValue.fromS(error)));
    update(
        failure.source().shardId(),
        "SET " + ATTRIBUTE + " = :marker",
        Map.of(":marker", marker, ":me", AttributeValue.fromS(workerId)));
  }

  @Override
  public void resumed(String shardId) {
    update(shardId, "REMOVE " + ATTRIBUTE, Map.of(":me", AttributeValue.fromS(workerId)));
  }

  private void update(String shardId, String expression, Map<String, AttributeValue> values) {
    try {
      dynamoDb
          .updateItem(
              request ->
                  request
                      .tableName(leaseTable)
                      .key(LeaseRows.key(shardId))
                      .updateExpression(expression)
                      .conditionExpression(LeaseRows.OWNER + " = :me")
                      .expressionAttributeValues(values))
          .join();
    } catch (RuntimeException e) {
      // The metrics and the log still say the shard waits; the marker is only a convenience.
      log.warn("could not mark the lease of {}: {}", shardId, e.toString());
    }
  }
}
