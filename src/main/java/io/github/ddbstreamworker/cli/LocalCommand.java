package io.github.ddbstreamworker.cli;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.config.Setting;
import io.github.ddbstreamworker.config.Settings;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.local.DemoTable;
import io.github.ddbstreamworker.local.DemoWriter;
import io.github.ddbstreamworker.local.EventSummary;
import io.github.ddbstreamworker.local.MotoServerProcess;
import io.github.ddbstreamworker.logging.ConsoleLog;
import io.github.ddbstreamworker.logging.LogFormat;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** {@code local}: the worker on a moto_server child process, with a demo table and writer. */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Start moto_server (a DynamoDB endpoint, in memory) as a child process, create a demo table",
      "with a stream, keep writing to it, and run the worker on it: INSERTs are logged, MODIFY and",
      "REMOVE left out. Ctrl-C stops everything. moto_server: pip install \"moto[server]\"."
    })
final class LocalCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(LocalCommand.class);
  static final String DEFAULT_TABLE = "demo-items";
  static final String DEFAULT_HTTP_PORT = "9090";

  private static final Duration MOTO_START_TIMEOUT = Duration.ofSeconds(60);

  @Option(
      names = "--port",
      defaultValue = "8000",
      description =
          "moto_server's port on 127.0.0.1; 0 picks a free one (default ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description =
          "use this DynamoDB-compatible server, already running, instead of starting moto_server")
  URI endpointUrl;

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

  @Mixin SettingFlags flags;

  @Override
  public Integer call() throws InterruptedException {
    // Someone watching a terminal reads text; a pipe or a file gets JSON, as from run.
    Function<String, String> lookup =
        LogSetup.use(
            localDefaults(flags.over(System::getenv)),
            () -> ConsoleLog.stderrIsTerminal() ? LogFormat.TEXT : LogFormat.JSON);
    Settings settings;
    try {
      settings = Settings.from(lookup);
    } catch (RuntimeException e) {
      return StartupFailure.report(e);
    }
    String table = settings.worker().source().tableName();
    EventCounts counts = new EventCounts();
    try {
      URI endpoint = endpointUrl != null ? endpointUrl : startMotoServer();
      // Left open: see Main#main.
      AwsClients clients = new AwsClients(AwsConnection.local(endpoint));
      DemoTable.createIfMissing(clients.dynamoDb(), table, StreamViewType.NEW_AND_OLD_IMAGES);
      log.info(
          "DynamoDB at {}, table {}; try: AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local"
              + " aws dynamodb scan --table-name {} --endpoint-url {} --region us-east-1",
          endpoint,
          table,
          table,
          endpoint);
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
   * Starts the child and stops it when this JVM ends: after the worker's graceful stop, which still
   * writes to the lease table, on every exit path but a {@code kill -9} (then the next start finds
   * and stops it).
   */
  private URI startMotoServer() {
    MotoServerProcess moto = MotoServerProcess.start(port, MOTO_START_TIMEOUT);
    Runtime.getRuntime().addShutdownHook(new Thread(moto::close, "moto-server-stop"));
    log.info("moto_server started: pid {}, {}", moto.pid(), moto.endpoint());
    return moto.endpoint();
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
