package io.github.ddbstreamworker.cost;

/**
 * What each consumer uses in a month, before prices: the quantities {@link CostModel} bills. Each
 * figure is a rate a second times the seconds in the month ({@code hours x 3,600}); {@code w} is
 * the writes a second on one shard (the rate spread evenly over the open shards).
 *
 * <p>Worker on ECS:
 *
 * <ul>
 *   <li>{@code GetRecords} calls: every open shard is read 8 times a second when busy ({@code w >=
 *       4}) and 4 times when idle: the default 125 ms poll interval, doubled by the adapter after
 *       an empty read.
 *   <li>KCL table writes: a checkpoint after a read that returned records, at most once per
 *       checkpoint interval ({@code CHECKPOINT_INTERVAL_MS}, 1 s): {@code min(reads a second, w, 1
 *       / interval)} per shard, or {@code min(reads a second, w)} with an interval of 0 (the record
 *       bound, {@code CHECKPOINT_INTERVAL_RECORDS}, adds none at intervals up to 1 s: a shard takes
 *       at most 1,000 writes a second); a lease renewal per shard every failover time / 3 (10 s /
 *       3); the leader's lock every 2 s; each worker's metrics row every 5 s. Reads of these tables
 *       (the leader scans them every 2 s) are left out: a few million read units, under a dollar.
 *   <li>CloudWatch metrics: 20 series for the worker plus 4 gauges per open shard (counted on a
 *       running worker's {@code /metrics}; every worker publishes the same series); one {@code
 *       PutMetricData} call a minute per worker.
 *   <li>Log bytes: one line per write, the item plus a 250-byte envelope.
 * </ul>
 *
 * <p>Lambda trigger (batch size 100, one invocation at a time per shard):
 *
 * <ul>
 *   <li>Invocations: Lambda polls each shard 4 times a second and invokes when a poll finds
 *       records, with up to 100 records: {@code max(w / 100, min(4, w))} a second per shard.
 *       Records a mapping filter drops are never invoked.
 *   <li>GB-seconds: invocations x the billed duration of one x the function's memory.
 *   <li>Log bytes: the same item lines, plus about 250 bytes of START, END and REPORT lines per
 *       invocation.
 *   <li>Its reads of the stream are free.
 * </ul>
 *
 * @param streamReads {@code GetRecords} calls by the worker
 * @param kclTableWrites write request units on the KCL's lease, worker-metrics and coordinator
 *     tables
 * @param customMetrics CloudWatch custom metrics the workers publish
 * @param metricPuts {@code PutMetricData} calls
 * @param workerLogGb item lines of the worker, in GB (2^30 bytes)
 * @param lambdaInvocations invocations of the function
 * @param lambdaGbSeconds the function's GB-seconds
 * @param lambdaLogGb item and platform lines of the function, in GB
 */
public record MonthlyUsage(
    double streamReads,
    double kclTableWrites,
    double customMetrics,
    double metricPuts,
    double workerLogGb,
    double lambdaInvocations,
    double lambdaGbSeconds,
    double lambdaLogGb) {

  /** GetRecords calls a second on a shard with records to read: one every 125 ms. */
  static final double BUSY_READS_PER_SECOND = 8;

  /** GetRecords calls a second on an idle shard: the pause doubles to 250 ms after empty reads. */
  static final double IDLE_READS_PER_SECOND = 4;

  /** Writes a second on a shard from which the model counts it busy. */
  static final double BUSY_WRITES_PER_SECOND = 4;

  /** A lease is renewed every failover time ({@code FAILOVER_TIME_MS}, default 4 s) / 3. */
  static final double LEASE_RENEWALS_PER_SECOND = 3 / 4.0;

  /** The leader renews its lock every second ({@code SchedulerFactory}). */
  static final double LEADER_LOCK_WRITES_PER_SECOND = 1;

  /** Each worker writes its worker-metrics row every second ({@code SchedulerFactory}). */
  static final double WORKER_METRICS_WRITES_PER_SECOND = 1;

  /**
   * Series with no shard tag: {@code ddb.stream.records} (3 event names x 3 outcomes), checkpoints,
   * the checkpoint latency timer (sum, count, avg, max), shards ended, and five gauges.
   */
  static final int WORKER_METRICS = 20;

  /** Records and seconds since checkpoint, iterator age, millis behind latest. */
  static final int METRICS_PER_SHARD = 4;

  /** {@code METRICS_STEP_SECONDS} in the template: one call a minute carries every series. */
  static final double METRIC_PUTS_PER_WORKER_PER_SECOND = 1 / 60.0;

  /** {@code type}, event name and id, table, shard, sequence number, time and keys of a line. */
  static final int LINE_ENVELOPE_BYTES = 250;

  /** Lambda polls each shard this often. */
  static final double LAMBDA_POLLS_PER_SECOND = 4;

  /** The event source mapping's {@code BatchSize}. */
  static final int LAMBDA_BATCH_SIZE = 100;

  /** START, END and REPORT lines Lambda writes for each invocation. */
  static final int LAMBDA_PLATFORM_BYTES_PER_INVOCATION = 250;

  private static final double BYTES_PER_GB = 1L << 30;

  public static MonthlyUsage of(CostInputs in) {
    double seconds = in.seconds();
    double w = in.writesPerShard();
    int shards = in.openShards();

    double readsPerShard =
        w >= BUSY_WRITES_PER_SECOND ? BUSY_READS_PER_SECOND : IDLE_READS_PER_SECOND;
    double checkpointsPerShard = Math.min(readsPerShard, w);
    if (in.checkpointIntervalMillis() > 0) {
      checkpointsPerShard = Math.min(checkpointsPerShard, 1_000.0 / in.checkpointIntervalMillis());
    }
    double kclWritesPerSecond =
        shards * (checkpointsPerShard + LEASE_RENEWALS_PER_SECOND)
            + LEADER_LOCK_WRITES_PER_SECOND
            + in.workers() * WORKER_METRICS_WRITES_PER_SECOND;
    double itemLogBytes = in.writesPerSecond() * seconds * (in.itemBytes() + LINE_ENVELOPE_BYTES);

    double invocationsPerShard =
        Math.max(w / LAMBDA_BATCH_SIZE, Math.min(LAMBDA_POLLS_PER_SECOND, w));
    double invocations = shards * invocationsPerShard * seconds;

    return new MonthlyUsage(
        shards * readsPerShard * seconds,
        kclWritesPerSecond * seconds,
        WORKER_METRICS + METRICS_PER_SHARD * shards,
        in.workers() * METRIC_PUTS_PER_WORKER_PER_SECOND * seconds,
        itemLogBytes / BYTES_PER_GB,
        invocations,
        invocations * Math.ceil(in.lambdaBatchMillis()) / 1_000 * in.lambdaMemoryGb(),
        (itemLogBytes + invocations * LAMBDA_PLATFORM_BYTES_PER_INVOCATION) / BYTES_PER_GB);
  }
}
