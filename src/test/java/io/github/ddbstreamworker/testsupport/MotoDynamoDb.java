package io.github.ddbstreamworker.testsupport;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.local.DemoTable;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * DynamoDB and DynamoDB Streams for the tests: the one moto_server of the test JVM, its clients,
 * and tables under names no other test uses. Test classes that use it (directly or through {@link
 * RunningWorker}, {@link WorkerProcess}, {@link StreamRecords}, ...) are annotated with
 * {@code @ExtendWith(MotoDynamoDbExtension.class)}, which starts the server.
 */
public final class MotoDynamoDb {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static volatile Running running;

  private MotoDynamoDb() {}

  /** The server and the clients shared by tests; closed together when the JVM's tests end. */
  record Running(MotoServer server, AwsClients clients) implements AutoCloseable {

    static Running start() {
      MotoServer server = MotoServer.start();
      Running started = new Running(server, new AwsClients(AwsConnection.local(server.endpoint())));
      running = started;
      return started;
    }

    @Override
    public void close() {
      running = null;
      try {
        clients.close();
      } finally {
        server.close();
      }
    }
  }

  private static Running running() {
    Running current = running;
    if (current == null) {
      throw new IllegalStateException(
          "moto_server is not running: annotate the test class with"
              + " @ExtendWith(MotoDynamoDbExtension.class)");
    }
    return current;
  }

  /** Where the SDK, or a worker process through AWS_ENDPOINT_URL, reaches DynamoDB. */
  public static URI endpoint() {
    return running().server().endpoint();
  }

  /** Clients shared by tests; a worker under test gets its own through {@link #newClients()}. */
  public static AwsClients clients() {
    return running().clients();
  }

  /** New clients on the shared server; the caller closes them. */
  public static AwsClients newClients() {
    return new AwsClients(AwsConnection.local(endpoint()));
  }

  /** New clients on the shared server that read streams from another endpoint (the simulator). */
  public static AwsClients newClientsReadingStreamsAt(URI streamsEndpoint) {
    return new AwsClients(AwsConnection.local(endpoint()).withStreamsEndpoint(streamsEndpoint));
  }

  /** Creates a table with a stream of the given view type under a name no other test uses. */
  public static String newTable(String prefix, StreamViewType viewType) {
    String name = uniqueName(prefix);
    DemoTable.createIfMissing(clients().dynamoDb(), name, viewType);
    return name;
  }

  /**
   * A table name no other test uses, also for a simulated stream: a worker's lease table is named
   * after its table.
   */
  public static String uniqueName(String prefix) {
    return prefix + "-" + TABLES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
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
