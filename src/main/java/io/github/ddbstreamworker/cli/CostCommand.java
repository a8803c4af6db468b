package io.github.ddbstreamworker.cli;

import io.github.ddbstreamworker.cost.CostInputs;
import io.github.ddbstreamworker.cost.CostTable;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cost}: the monthly cost of the worker on ECS and of the Lambda trigger, side by side. */
@Command(
    name = "cost",
    mixinStandardHelpOptions = true,
    description = {
      "Estimate the monthly cost of the worker on ECS Fargate and of the Lambda",
      "trigger on one stream, line by line, from AWS list prices (us-east-1).",
      "Without --writes-per-second: for 1, 100 and 1,000 writes a second."
    })
final class CostCommand implements Callable<Integer> {

  private static final List<Double> DEFAULT_RATES = List.of(1.0, 100.0, 1_000.0);

  @Option(
      names = "--writes-per-second",
      paramLabel = "N",
      description = "new items written to the table a second (default: 1, 100 and 1,000)")
  Double writesPerSecond;

  @Option(
      names = "--shards",
      paramLabel = "N",
      description = "open shards of the stream (default: floor(writes / 1,000) + 1)")
  Integer shards;

  @Option(
      names = "--item-bytes",
      paramLabel = "BYTES",
      defaultValue = "" + CostInputs.DEFAULT_ITEM_BYTES,
      description = "size of one item as JSON (default ${DEFAULT-VALUE})")
  int itemBytes;

  @Option(
      names = "--hours",
      paramLabel = "H",
      defaultValue = "" + CostInputs.DEFAULT_HOURS_PER_MONTH,
      description = "hours a month (default ${DEFAULT-VALUE})")
  double hours;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description =
          "ECS tasks (default: ceil(shards / "
              + CostInputs.SHARDS_PER_WORKER
              + "), as the service scales)")
  Integer workers;

  @Option(
      names = "--lambda-batch-millis",
      paramLabel = "MS",
      defaultValue = "" + CostInputs.DEFAULT_LAMBDA_BATCH_MILLIS,
      description = "billed duration of one invocation (default ${DEFAULT-VALUE})")
  double lambdaBatchMillis;

  @Option(
      names = "--checkpoint-interval-ms",
      paramLabel = "MS",
      description =
          "the worker's CHECKPOINT_INTERVAL_MS; 0 checkpoints after every batch"
              + " (default ${DEFAULT-VALUE})")
  long checkpointIntervalMillis = CostInputs.DEFAULT_CHECKPOINT_INTERVAL_MILLIS;

  @Option(names = "--no-free-tier", description = "leave the monthly free tiers out")
  boolean noFreeTier;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    List<Double> rates = writesPerSecond == null ? DEFAULT_RATES : List.of(writesPerSecond);
    List<CostInputs> columns;
    try {
      columns = rates.stream().map(this::inputs).toList();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return ExitCode.BAD_SETTINGS;
    }
    spec.commandLine().getOut().print(CostTable.format(columns));
    spec.commandLine().getOut().flush();
    return ExitCode.OK;
  }

  private CostInputs inputs(double rate) {
    CostInputs.Builder inputs =
        CostInputs.builder(rate)
            .itemBytes(itemBytes)
            .hoursPerMonth(hours)
            .lambdaBatchMillis(lambdaBatchMillis)
            .checkpointIntervalMillis(checkpointIntervalMillis)
            .freeTier(!noFreeTier);
    if (shards != null) {
      inputs.shards(shards);
    }
    if (workers != null) {
      inputs.workers(workers);
    }
    return inputs.build();
  }
}
