package io.github.ddbstreamworker.cost;

import java.util.ArrayList;
import java.util.List;

/**
 * What a month of consuming one stream depends on. {@link #defaults} fills in the deployment in
 * {@code ecs/ddb-stream-worker.yaml}; the {@code with} methods change one input.
 *
 * @param writesPerSecond new items written to the table, spread evenly over the open shards; each
 *     becomes one item line (the default filter logs inserts only)
 * @param openShards the stream's open shards
 * @param itemBytes the size of one item as a JSON line, without the line's envelope
 * @param hoursPerMonth hours billed a month
 * @param workers ECS tasks running the worker
 * @param taskVcpu vCPUs of one task ({@code TaskCpu} / 1024)
 * @param taskMemoryGb memory of one task in GB ({@code TaskMemory} / 1024)
 * @param lambdaMemoryGb the function's memory in GB
 * @param lambdaBatchMillis billed duration of one invocation
 * @param freeTier whether the monthly free-tier allowances in {@link Prices} are taken off
 */
public record CostInputs(
    double writesPerSecond,
    int openShards,
    int itemBytes,
    double hoursPerMonth,
    int workers,
    double taskVcpu,
    double taskMemoryGb,
    double lambdaMemoryGb,
    double lambdaBatchMillis,
    boolean freeTier) {

  /** Writes a second one shard takes: a partition takes up to 1,000 write units a second. */
  public static final int WRITES_PER_SHARD = 1_000;

  /** The service's {@code ShardsPerWorker} default. */
  public static final int SHARDS_PER_WORKER = 10;

  public static final int DEFAULT_ITEM_BYTES = 1_000;

  /** 365 days x 24 h / 12 months. */
  public static final double DEFAULT_HOURS_PER_MONTH = 730;

  /**
   * One invocation on a batch of 100 inserts. {@code LambdaJarIT} measured it in a fresh JVM with
   * the Lambda runtime's JVM flags on two shared local cores: the median of 20 warm invocations was
   * 6.2 to 17.0 ms over six runs, 7.1 ms the middle of them. A 512 MB function gets 512/1769 of a
   * vCPU, so that is scaled by 1769/512 and rounded up. Replace it with the {@code Duration} of the
   * function's REPORT lines once it runs.
   */
  public static final double DEFAULT_LAMBDA_BATCH_MILLIS = 25;

  /** Names every input out of range at once. */
  public CostInputs {
    List<String> problems = new ArrayList<>();
    check(writesPerSecond >= 0, "writes per second must be 0 or more", problems);
    check(openShards >= 1, "shards must be 1 or more", problems);
    check(itemBytes >= 1, "item bytes must be 1 or more", problems);
    check(hoursPerMonth > 0 && hoursPerMonth <= 744, "hours must be over 0, at most 744", problems);
    check(workers >= 1, "workers must be 1 or more", problems);
    check(taskVcpu > 0 && taskMemoryGb > 0, "the task needs vCPUs and memory", problems);
    check(lambdaMemoryGb > 0, "the function needs memory", problems);
    check(lambdaBatchMillis > 0, "Lambda batch millis must be over 0", problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /**
   * The template's deployment for a write rate: {@link #defaultShards} shards, one worker per ten
   * of them, 0.5 vCPU / 1 GB tasks, a 512 MB function, 1,000-byte items, 730 hours, free tiers on.
   */
  public static CostInputs defaults(double writesPerSecond) {
    int shards = defaultShards(writesPerSecond);
    return new CostInputs(
        writesPerSecond,
        shards,
        DEFAULT_ITEM_BYTES,
        DEFAULT_HOURS_PER_MONTH,
        workersFor(shards),
        0.5,
        1,
        0.5,
        DEFAULT_LAMBDA_BATCH_MILLIS,
        true);
  }

  /**
   * One shard per partition, a partition taking under {@link #WRITES_PER_SHARD} writes a second:
   * floor(writes / 1,000) + 1. A new on-demand table may start with more; {@code status} prints the
   * real count.
   */
  public static int defaultShards(double writesPerSecond) {
    return (int) Math.floor(writesPerSecond / WRITES_PER_SHARD) + 1;
  }

  /** What the service scales to: ceil(shards / {@link #SHARDS_PER_WORKER}). */
  public static int workersFor(int shards) {
    return (shards + SHARDS_PER_WORKER - 1) / SHARDS_PER_WORKER;
  }

  /** These shards, and the workers the service runs for them. */
  public CostInputs withShards(int shards) {
    return new CostInputs(
        writesPerSecond,
        shards,
        itemBytes,
        hoursPerMonth,
        workersFor(shards),
        taskVcpu,
        taskMemoryGb,
        lambdaMemoryGb,
        lambdaBatchMillis,
        freeTier);
  }

  public CostInputs withWorkers(int workers) {
    return new CostInputs(
        writesPerSecond,
        openShards,
        itemBytes,
        hoursPerMonth,
        workers,
        taskVcpu,
        taskMemoryGb,
        lambdaMemoryGb,
        lambdaBatchMillis,
        freeTier);
  }

  public CostInputs withItemBytes(int itemBytes) {
    return new CostInputs(
        writesPerSecond,
        openShards,
        itemBytes,
        hoursPerMonth,
        workers,
        taskVcpu,
        taskMemoryGb,
        lambdaMemoryGb,
        lambdaBatchMillis,
        freeTier);
  }

  public CostInputs withHoursPerMonth(double hoursPerMonth) {
    return new CostInputs(
        writesPerSecond,
        openShards,
        itemBytes,
        hoursPerMonth,
        workers,
        taskVcpu,
        taskMemoryGb,
        lambdaMemoryGb,
        lambdaBatchMillis,
        freeTier);
  }

  public CostInputs withLambdaBatchMillis(double lambdaBatchMillis) {
    return new CostInputs(
        writesPerSecond,
        openShards,
        itemBytes,
        hoursPerMonth,
        workers,
        taskVcpu,
        taskMemoryGb,
        lambdaMemoryGb,
        lambdaBatchMillis,
        freeTier);
  }

  public CostInputs withFreeTier(boolean freeTier) {
    return new CostInputs(
        writesPerSecond,
        openShards,
        itemBytes,
        hoursPerMonth,
        workers,
        taskVcpu,
        taskMemoryGb,
        lambdaMemoryGb,
        lambdaBatchMillis,
        freeTier);
  }

  /** Seconds in the month. */
  double seconds() {
    return hoursPerMonth * 3_600;
  }

  /** Writes a second on one shard, the rate spread evenly. */
  double writesPerShard() {
    return writesPerSecond / openShards;
  }

  private static void check(boolean condition, String problem, List<String> problems) {
    if (!condition) {
      problems.add(problem);
    }
  }
}
