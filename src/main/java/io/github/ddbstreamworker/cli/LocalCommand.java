package io.github.ddbstreamworker.cli;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.config.Setting;
import io.github.ddbstreamworker.config.Settings;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.local.DemoTable;
import io.github.ddbstreamworker.local.DemoWriter;
import io.github.ddbstreamworker.local.EmbeddedDynamoDb;
import io.github.ddbstreamworker.local.EventSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** {@code local}: the worker on an embedded DynamoDB Local, with a demo table and writer. */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Start DynamoDB Local in this process, create a demo table with a stream, keep writing to it,",
      "and run the worker on it: INSERTs are logged, MODIFY and REMOVE left out. Ctrl-C stops."
    })
final class LocalCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(LocalCommand.class);
  static final String DEFAULT_TABLE = "demo-items";
  static final String DEFAULT_HTTP_PORT = "9090";

  @Option(
      names = "--port",
      defaultValue = "8000",
      description = "DynamoDB Local port; 0 picks a free one (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--db-path",
      paramLabel = "DIR",
      description = "keep the database in this directory instead of in memory")
  Path dbPath;

  @Option(
      names = "--write-interval-ms",
      defaultValue = "500",
      description = "pause between demo writes (default ${DEFAULT-VALUE})")
  long writeIntervalMs;

  @Option(
      names = "--summary-interval-ms",
      defaultValue = "5000",
      description = "pause between summaries of counts by event type (default ${DEFAULT-VALUE})")
  long summaryIntervalMs;

  @Mixin SettingOptions options;

  @Override
  public Integer call() throws InterruptedException {
    Settings settings;
    try {
      settings = Settings.from(localDefaults(options.over(System::getenv)));
    } catch (RuntimeException e) {
      return StartupFailure.report(e);
    }
    String table = settings.worker().source().tableName();
    EventCounts counts = new EventCounts();
    try {
      // Left running and open: see Main#main.
      EmbeddedDynamoDb dynamoDbLocal = EmbeddedDynamoDb.start(port, Optional.ofNullable(dbPath));
      AwsClients clients = new AwsClients(AwsConnection.local(dynamoDbLocal.endpoint()));
      DemoTable.createIfMissing(clients.dynamoDb(), table, StreamViewType.NEW_AND_OLD_IMAGES);
      log.info(
          "DynamoDB Local at {}, table {}; try: AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local"
              + " aws dynamodb scan --table-name {} --endpoint-url {} --region us-east-1",
          dynamoDbLocal.endpoint(),
          table,
          table,
          dynamoDbLocal.endpoint());
      try (DemoWriter writer =
              DemoWriter.start(clients.dynamoDb(), table, Duration.ofMillis(writeIntervalMs));
          EventSummary summary = EventSummary.every(Duration.ofMillis(summaryIntervalMs), counts)) {
        return WorkerRun.untilStopped(settings, clients, counts);
      }
    } catch (RuntimeException e) {
      return StartupFailure.report(e);
    }
  }

  /**
   * The demo table is the default TABLE_NAME, and the HTTP endpoint is on by default; a STREAM_ARN
   * makes no sense here.
   */
  private static Function<String, String> localDefaults(Function<String, String> lookup) {
    return name -> {
      if (Setting.STREAM_ARN.env().equals(name)) {
        return null;
      }
      String value = lookup.apply(name);
      if (value != null) {
        return value;
      }
      if (Setting.TABLE_NAME.env().equals(name)) {
        return DEFAULT_TABLE;
      }
      return Setting.HTTP_PORT.env().equals(name) ? DEFAULT_HTTP_PORT : null;
    };
  }
}
