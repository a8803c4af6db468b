package io.github.ddbstreamworker.cost;

import io.github.ddbstreamworker.config.WorkerSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * What a month of consuming one stream depends on. {@link #builder} starts from the deployment in
 * {@code ecs/ddb-stream-worker.yaml}; its methods change what differs.
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
 * @param checkpointIntervalMillis the worker's {@code CHECKPOINT_INTERVAL_MS}: least time between a
 *     shard's checkpoints, 0 for one after every batch
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
    long checkpointIntervalMillis,
    boolean freeTier) {

  /** Writes a second one shard takes: a partition takes up to 1,000 write units a second. */
  public static final int WRITES_PER_SHARD = 1_000;

  /** The service's {@code ShardsPerWorker} default. */
  public static final int SHARDS_PER_WORKER = 25;

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

  /** The worker's {@code CHECKPOINT_INTERVAL_MS} default. */
  public static final long DEFAULT_CHECKPOINT_INTERVAL_MILLIS =
      WorkerSettings.DEFAULT_CHECKPOINT_INTERVAL_MS;

  private static final long MAX_CHECKPOINT_INTERVAL_MILLIS = 300_000;

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
    check(
        checkpointIntervalMillis >= 0 && checkpointIntervalMillis <= MAX_CHECKPOINT_INTERVAL_MILLIS,
        "checkpoint interval millis must be 0 to 300000",
        problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** The template's deployment for a write rate, as {@link #builder} starts it. */
  public static CostInputs defaults(double writesPerSecond) {
    return builder(writesPerSecond).build();
  }

  /**
   * The template's deployment for a write rate, to change: {@link #defaultShards} shards, one
   * worker per ten of them, 0.5 vCPU / 1 GB tasks checkpointing at most once a second, a 512 MB
   * function, 1,000-byte items, 730 hours, free tiers on.
   */
  public static Builder builder(double writesPerSecond) {
    return new Builder(writesPerSecond);
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

  /** Inputs not set keep the template's value; the workers follow the shards unless set. */
  public static final class Builder {

    private final double writesPerSecond;
    private int openShards;
    private Integer workers;
    private int itemBytes = DEFAULT_ITEM_BYTES;
    private double hoursPerMonth = DEFAULT_HOURS_PER_MONTH;
    private double lambdaBatchMillis = DEFAULT_LAMBDA_BATCH_MILLIS;
    private long checkpointIntervalMillis = DEFAULT_CHECKPOINT_INTERVAL_MILLIS;
    private boolean freeTier = true;

    private Builder(double writesPerSecond) {
      this.writesPerSecond = writesPerSecond;
      // A negative rate still gets a shard, so that only the rate is reported as wrong.
      this.openShards = defaultShards(Math.max(0, writesPerSecond));
    }

    public Builder shards(int openShards) {
      this.openShards = openShards;
      return this;
    }

    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    public Builder itemBytes(int itemBytes) {
      this.itemBytes = itemBytes;
      return this;
    }

    public Builder hoursPerMonth(double hoursPerMonth) {
      this.hoursPerMonth = hoursPerMonth;
      return this;
    }

    public Builder lambdaBatchMillis(double lambdaBatchMillis) {
      this.lambdaBatchMillis = lambdaBatchMillis;
      return this;
    }

    public Builder checkpointIntervalMillis(long checkpointIntervalMillis) {
      this.checkpointIntervalMillis = checkpointIntervalMillis;
      return this;
    }

    public Builder freeTier(boolean freeTier) {
      this.freeTier = freeTier;
      return this;
    }

    /** Throws {@link IllegalArgumentException} naming every input out of range. */
    public CostInputs build() {
      return new CostInputs(
          writesPerSecond,
          openShards,
          itemBytes,
          hoursPerMonth,
          workers != null ? workers : workersFor(Math.max(1, openShards)),
          0.5,
          1,
          0.5,
          lambdaBatchMillis,
          checkpointIntervalMillis,
          freeTier);
    }
  }
}
