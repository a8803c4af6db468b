package io.github.ddbstreamworker.cli;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.config.Settings;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.logging.LogFormat;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code run}: consume the configured stream until stopped. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Consume a DynamoDB stream and write each new item as one JSON line on stdout; logs go to",
      "stderr.",
      "Every flag has an environment variable of the same name (e.g. --table-name, TABLE_NAME);",
      "AWS_REGION, credentials and AWS_ENDPOINT_URL are read as the AWS SDK reads them."
    })
final class RunCommand implements Callable<Integer> {

  @Mixin SettingFlags flags;

  @Override
  public Integer call() throws InterruptedException {
    Function<String, String> lookup =
        LogSetup.use(flags.over(System::getenv), () -> LogFormat.JSON);
    Settings settings;
    AwsConnection connection;
    try {
      settings = Settings.from(lookup);
      connection = AwsConnection.fromSdkDefaults();
    } catch (RuntimeException e) {
      return StartupFailure.report(e);
    }
    // Left open: see Main#main.
    AwsClients clients = new AwsClients(connection);
    return WorkerRun.untilStopped(settings, clients, new EventCounts());
  }
}
