package io.github.ddbstreamworker.testsupport;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.local.DemoTable;
import io.github.ddbstreamworker.local.EmbeddedDynamoDb;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** One DynamoDB Local for the whole test run, with clients and fresh table names. */
public final class LocalDynamoDb {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static EmbeddedDynamoDb server;
  private static AwsClients clients;

  private LocalDynamoDb() {}

  public static synchronized EmbeddedDynamoDb server() {
    if (server == null) {
      server = EmbeddedDynamoDb.startInMemory();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }
    return server;
  }

  /** Clients shared by tests; a worker under test gets its own through {@link #newClients()}. */
  public static synchronized AwsClients clients() {
    if (clients == null) {
      clients = newClients();
    }
    return clients;
  }

  public static AwsClients newClients() {
    return newClients(UnaryOperator.identity());
  }

  /** New clients whose streams client is wrapped, e.g. by a {@link TrimmingStreamsClient}. */
  public static AwsClients newClients(UnaryOperator<DynamoDbStreamsClient> streamsWrapper) {
    return new AwsClients(AwsConnection.local(server().endpoint()), streamsWrapper);
  }

  /** Creates a table with a stream of the given view type under a name no other test uses. */
  public static String newTable(String prefix, StreamViewType viewType) {
    String name = prefix + "-" + TABLES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    DemoTable.createIfMissing(clients().dynamoDb(), name, viewType);
    return name;
  }

  public static void put(String table, Map<String, AttributeValue> item) {
    clients().dynamoDb().putItem(request -> request.tableName(table).item(item));
  }

  public static void put(String table, String id, String value) {
    put(
        table,
        Map.of(DemoTable.KEY, AttributeValue.fromS(id), "value", AttributeValue.fromS(value)));
  }
}
