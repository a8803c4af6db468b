package io.github.ddbstreamworker.testsupport;

import com.amazonaws.services.dynamodbv2.local.server.AbstractLocalDynamoDBServerHandler;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.shared.access.LocalDBAccess;
import com.amazonaws.services.dynamodbv2.local.shared.access.LocalDBClient;
import com.amazonaws.services.dynamodbv2.local.shared.access.TableInfo;
import com.amazonaws.services.dynamodbv2.model.StreamSpecification;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Makes an in-process DynamoDB Local close a table's open stream shard and open a child now. */
public final class LocalShardRollover {

  private LocalShardRollover() {}

  /** Seals the table's open shard and opens its child, in every database holding the table. */
  public static void rollover(DynamoDBProxyServer server, String tableName) {
    List<LocalDBAccess> databases = databasesHolding(server, tableName);
    if (databases.isEmpty()) {
      throw new IllegalArgumentException("DynamoDB Local has no table " + tableName);
    }
    for (LocalDBAccess database : databases) {
      TableInfo table = database.getTableInfo(tableName);
      StreamSpecification stream = table.getStreamSpecification();
      if (stream == null || !Boolean.TRUE.equals(stream.isStreamEnabled())) {
        throw new IllegalArgumentException("table " + tableName + " has no enabled stream");
      }
      // What ShardRolloverJob does every few minutes, but with a minimum shard age of 0 instead of
      // 4 hours, so that the open shard qualifies however young it is.
      new LocalDBAccess.WriteLockWithTimeout(
          database.getLockForTable(tableName), LocalDBAccess.LOCK_WAIT_TIMEOUT_IN_SECONDS) {
        @Override
        public void criticalSection() {
          database.findAndRolloverActiveShards(tableName, 0L);
        }
      }.execute();
    }
  }

  private static List<LocalDBAccess> databasesHolding(
      DynamoDBProxyServer server, String tableName) {
    Object serverHandler = read(server, DynamoDBProxyServer.class, "serverHandler");
    Object requestHandler =
        read(serverHandler, AbstractLocalDynamoDBServerHandler.class, "primaryHandler");
    // Without -sharedDb there is one database per access key and region, created on first use.
    Map<?, ?> clients =
        (Map<?, ?>) read(requestHandler, LocalDynamoDBRequestHandler.class, "dbRequestHandlers");
    List<LocalDBAccess> databases = new ArrayList<>();
    for (Object client : clients.values()) {
      LocalDBAccess database = (LocalDBAccess) read(client, LocalDBClient.class, "dbAccess");
      if (database.getTableInfo(tableName) != null) {
        databases.add(database);
      }
    }
    return databases;
  }

  private static Object read(Object target, Class<?> owner, String fieldName) {
    if (!owner.isInstance(target)) {
      throw new IllegalStateException(
          "DynamoDB Local internals changed: expected a "
              + owner.getName()
              + " but found "
              + (target == null ? "null" : target.getClass().getName()));
    }
    try {
      Field field = owner.getDeclaredField(fieldName);
      field.setAccessible(true);
      return field.get(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "DynamoDB Local internals changed: cannot read "
              + owner.getName()
              + "."
              + fieldName
              + " (written against DynamoDBLocal 2.6.1)",
          e);
    }
  }
}
