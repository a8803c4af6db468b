package io.github.ddbstreamworker.kcl.upstream;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.kinesis.coordinator.CoordinatorState;

/**
 * The KCL leader lock as tests see it: its row in the coordinator-state table, written by the
 * DynamoDB lock client the KCL uses. The owner attribute is the lock client's, not public API;
 * {@link UpstreamContractTest} checks it.
 */
public final class LeaderLock {

  /** The lock client's attribute naming the holder. */
  static final String OWNER_NAME = "ownerName";

  private LeaderLock() {}

  /** The worker holding the application's leader lock, if any. */
  public static Optional<String> owner(DynamoDbClient dynamoDb, String applicationName) {
    Map<String, AttributeValue> lock =
        dynamoDb
            .getItem(
                request ->
                    request
                        .tableName(KclTables.coordinatorState(applicationName))
                        .key(
                            Map.of(
                                CoordinatorState.COORDINATOR_STATE_TABLE_HASH_KEY_ATTRIBUTE_NAME,
                                AttributeValue.fromS(CoordinatorState.LEADER_HASH_KEY)))
                        .consistentRead(true))
            .item();
    return lock.containsKey(OWNER_NAME) ? Optional.of(lock.get(OWNER_NAME).s()) : Optional.empty();
  }
}
