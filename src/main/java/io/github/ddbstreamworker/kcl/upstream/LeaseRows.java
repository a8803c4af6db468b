package io.github.ddbstreamworker.kcl.upstream;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * Reads and addresses lease-table rows by the attribute names the KCL writes. The names are private
 * to the KCL's lease serializer; {@code UpstreamContractTest} checks them against real leases.
 */
public final class LeaseRows {

  /** Partition key: the shard id. */
  static final String LEASE_KEY = "leaseKey";

  /** The owning worker's id; absent while the lease has no owner. */
  public static final String OWNER = "leaseOwner";

  static final String COUNTER = "leaseCounter";
  static final String CHECKPOINT = "checkpoint";

  private LeaseRows() {}

  /** The key of the lease of a shard. */
  public static Map<String, AttributeValue> key(String shardId) {
    return Map.of(LEASE_KEY, AttributeValue.fromS(shardId));
  }

  public static LeaseRow read(Map<String, AttributeValue> row) {
    return new LeaseRow(
        row.get(LEASE_KEY).s(),
        string(row, OWNER),
        Long.parseLong(row.get(COUNTER).n()),
        string(row, CHECKPOINT),
        row);
  }

  /**
   * Every lease of an application, read consistently.
   *
   * @throws software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException if the
   *     application has no lease table
   */
  public static List<LeaseRow> scan(DynamoDbClient dynamoDb, String applicationName) {
    return dynamoDb
        .scanPaginator(
            request -> request.tableName(KclTables.leases(applicationName)).consistentRead(true))
        .items()
        .stream()
        .map(LeaseRows::read)
        .toList();
  }

  /** Whether a lease holds a checkpoint of its own, not yet an initial position. */
  public static boolean checkpointed(LeaseRow lease) {
    String checkpoint = lease.checkpoint();
    return checkpoint != null
        && !ExtendedSequenceNumber.TRIM_HORIZON.sequenceNumber().equals(checkpoint)
        && !ExtendedSequenceNumber.LATEST.sequenceNumber().equals(checkpoint)
        && !ExtendedSequenceNumber.AT_TIMESTAMP.sequenceNumber().equals(checkpoint);
  }

  /** Whether a lease's checkpoint says its shard was read to the end. */
  public static boolean finished(LeaseRow lease) {
    return ExtendedSequenceNumber.SHARD_END.sequenceNumber().equals(lease.checkpoint());
  }

  /**
   * Deletes the lease of a shard read to its end; a lease with any other checkpoint stays. Whether
   * it was deleted.
   */
  public static boolean deleteFinished(
      DynamoDbClient dynamoDb, String applicationName, String shardId) {
    try {
      dynamoDb.deleteItem(
          request ->
              request
                  .tableName(KclTables.leases(applicationName))
                  .key(key(shardId))
                  .conditionExpression("#checkpoint = :end")
                  .expressionAttributeNames(Map.of("#checkpoint", CHECKPOINT))
                  .expressionAttributeValues(
                      Map.of(
                          ":end",
                          AttributeValue.fromS(
                              ExtendedSequenceNumber.SHARD_END.sequenceNumber()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  private static String string(Map<String, AttributeValue> row, String name) {
    AttributeValue value = row.get(name);
    return value == null ? null : value.s();
  }
}
