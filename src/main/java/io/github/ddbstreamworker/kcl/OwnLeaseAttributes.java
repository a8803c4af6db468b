package io.github.ddbstreamworker.kcl;

import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Sets, reads or removes an attribute of the worker's own on a lease it owns, for {@code status} or
 * a later owner to read. The KCL updates leases attribute by attribute, so it leaves such an
 * attribute alone.
 */
final class OwnLeaseAttributes {

  private static final Logger log = LoggerFactory.getLogger(OwnLeaseAttributes.class);

  private final DynamoDbAsyncClient dynamoDb;
  private final String leaseTable;
  private final String workerId;

  OwnLeaseAttributes(DynamoDbAsyncClient dynamoDb, String leaseTable, String workerId) {
    this.dynamoDb = dynamoDb;
    this.leaseTable = leaseTable;
    this.workerId = workerId;
  }

  String workerId() {
    return workerId;
  }

  void set(String shardId, String attribute, AttributeValue value) {
    update(shardId, "SET " + attribute + " = :value", Map.of(":value", value));
  }

  /**
   * The attribute's value on a lease, read consistently; empty when the lease has none.
   *
   * @throws RuntimeException when the lease table cannot be read
   */
  Optional<AttributeValue> get(String shardId, String attribute) {
    Map<String, AttributeValue> lease =
        dynamoDb
            .getItem(
                request ->
                    request
                        .tableName(leaseTable)
                        .key(LeaseRows.key(shardId))
                        .consistentRead(true)
                        .projectionExpression("#attribute")
                        .expressionAttributeNames(Map.of("#attribute", attribute)))
            .join()
            .item();
    return Optional.ofNullable(lease).map(row -> row.get(attribute));
  }

  void remove(String shardId, String attribute) {
    update(shardId, "REMOVE " + attribute, Map.of());
  }

  private void update(String shardId, String expression, Map<String, AttributeValue> values) {
    Map<String, AttributeValue> withOwner = new HashMap<>(values);
    withOwner.put(":me", AttributeValue.fromS(workerId));
    try {
      dynamoDb
          .updateItem(
              request ->
                  request
                      .tableName(leaseTable)
                      .key(LeaseRows.key(shardId))
                      .updateExpression(expression)
                      .conditionExpression(LeaseRows.OWNER + " = :me")
                      .expressionAttributeValues(withOwner))
          .join();
    } catch (RuntimeException e) {
      // The metrics and the log still say it; the attribute is only a convenience for status.
      log.warn("could not mark the lease of {}: {}", shardId, e.toString());
    }
  }
}
