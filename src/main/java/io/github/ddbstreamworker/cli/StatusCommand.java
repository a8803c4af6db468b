package io.github.ddbstreamworker.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.aws.StreamResolver;
import io.github.ddbstreamworker.config.WorkerSettings;
import io.github.ddbstreamworker.follow.LeaseLedger;
import io.github.ddbstreamworker.follow.StreamHistory;
import io.github.ddbstreamworker.follow.StreamPlan;
import io.github.ddbstreamworker.follow.StreamPlanner;
import io.github.ddbstreamworker.logging.LogFormat;
import io.github.ddbstreamworker.status.StatusText;
import io.github.ddbstreamworker.status.StreamStatus;
import io.github.ddbstreamworker.status.StreamStatusReader;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code status}: the stream's shards, their leases and checkpoints, and what needs attention. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show every shard of the stream with its parent, state, lease owner and checkpoint, the shard",
      "lineage, open shards, live workers, the recommended worker count, and warnings."
    })
final class StatusCommand implements Callable<Integer> {

  @Option(names = "--json", description = "print JSON instead of a table")
  boolean json;

  @Option(
      names = "--observe-seconds",
      defaultValue = "5",
      description =
          "watch lease counters this long to see which owners renew; 0 skips (default ${DEFAULT-VALUE})")
  int observeSeconds;

  @Option(
      names = "--shards-per-worker",
      defaultValue = "25",
      description =
          "shards one worker should hold, for the recommended worker count (default ${DEFAULT-VALUE})")
  int shardsPerWorker;

  @Option(
      names = "--checkpoint-age-seconds",
      defaultValue = "300",
      description =
          "warn when a record has waited this long after a shard's checkpoint (default ${DEFAULT-VALUE})")
  int checkpointAgeSeconds;

  @Mixin SettingFlags flags;

  @Override
  public Integer call() throws Exception {
    Function<String, String> lookup =
        LogSetup.use(flags.over(System::getenv), () -> LogFormat.JSON);
    WorkerSettings settings;
    AwsConnection connection;
    try {
      settings = WorkerSettings.from(lookup);
      connection = AwsConnection.fromSdkDefaults();
    } catch (RuntimeException e) {
      return StartupFailure.report(e);
    }
    if (observeSeconds < 0 || shardsPerWorker < 1 || checkpointAgeSeconds < 0) {
      System.err.println(
          "--observe-seconds and --checkpoint-age-seconds must be 0 or more,"
              + " --shards-per-worker 1 or more");
      return ExitCode.BAD_SETTINGS;
    }
    try (AwsClients clients = new AwsClients(connection)) {
      StreamPlan plan =
          new StreamPlanner(
                  new StreamHistory(clients.streams()),
                  () -> LeaseLedger.read(clients.dynamoDb(), settings.applicationName()),
                  new StreamResolver(clients.dynamoDb(), clients.streams()))
              .plan(settings.source());
      StreamStatus status =
          new StreamStatusReader(clients.dynamoDb(), clients.streams())
              .read(
                  plan.stream().streamArn(),
                  settings.applicationName(),
                  Duration.ofSeconds(observeSeconds),
                  shardsPerWorker,
                  Duration.ofSeconds(checkpointAgeSeconds))
              .withStreamRole(plan.stream().status() + ": " + plan.why());
      System.out.print(
          json
              ? new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(status)
                  + "\n"
              : StatusText.format(status));
      return ExitCode.OK;
    } catch (RuntimeException e) {
      return StartupFailure.report(e);
    }
  }
}
