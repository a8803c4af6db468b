package io.github.ddbstreamworker.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The cost formulas against figures worked out by hand. */
class CostModelTest {

  private static final Offset<Double> CENT = within(0.005);

  /** Seconds in 730 hours. */
  private static final double MONTH = 730 * 3_600;

  @Test
  void oneHalfVcpuOneGbTaskFor730HoursCosts1802() {
    // 730 x (0.5 x 0.04048 + 1 x 0.004445) = 18.02
    assertThat(line(CostModel.worker(CostInputs.defaults(1)), "Fargate tasks"))
        .isCloseTo(18.02, CENT);
    assertThat(line(CostModel.worker(CostInputs.builder(1).workers(3).build()), "Fargate tasks"))
        .isCloseTo(3 * 18.02, CENT);
  }

  @Test
  void anIdleShardIsReadFourTimesASecondAndABusyOneEight() {
    assertThat(MonthlyUsage.of(CostInputs.defaults(3.9)).streamReads()).isEqualTo(4 * MONTH);
    assertThat(MonthlyUsage.of(CostInputs.defaults(4)).streamReads()).isEqualTo(8 * MONTH);
    assertThat(MonthlyUsage.of(CostInputs.builder(100).shards(3).build()).streamReads())
        .isEqualTo(3 * 8 * MONTH);
  }

  @Test
  void streamReadsAreBilledOnlyPastTheFreeTwoAndAHalfMillion() {
    // 10,512,000 reads: (10,512,000 - 2,500,000) x 0.02 / 100,000 = 1.6024
    assertThat(line(CostModel.worker(CostInputs.defaults(1)), "Stream reads (GetRecords)"))
        .isCloseTo(1.6024, within(1e-9));
    assertThat(
            line(
                CostModel.worker(CostInputs.builder(1).freeTier(false).build()),
                "Stream reads (GetRecords)"))
        .isCloseTo(2.1024, within(1e-9));
    // 100 hours: 1,440,000 reads, all within the free tier
    assertThat(
            line(
                CostModel.worker(CostInputs.builder(1).hoursPerMonth(100).build()),
                "Stream reads (GetRecords)"))
        .isZero();
  }

  @Test
  void kclTablesTakeACheckpointASecondRenewalsTheLeaderLockAndWorkerMetrics() {
    // 1 write/s: checkpoints 1 + renewals 0.75 per shard, lock 1, worker metrics 1 = 3.75/s
    assertThat(MonthlyUsage.of(CostInputs.defaults(1)).kclTableWrites()).isEqualTo(3.75 * MONTH);
    // 100 writes/s: checkpoints capped at 1/s by the interval: 1 + 0.75 + 1 + 1 = 3.75/s
    assertThat(MonthlyUsage.of(CostInputs.defaults(100)).kclTableWrites()).isEqualTo(3.75 * MONTH);
    // 0.5 writes/s: a checkpoint only after a read that found records, 0.5/s
    assertThat(MonthlyUsage.of(CostInputs.defaults(0.5)).kclTableWrites()).isEqualTo(3.25 * MONTH);
  }

  @Test
  void checkpointingEveryBatchWritesOncePerNonEmptyRead() {
    CostInputs everyBatch = CostInputs.builder(100).checkpointIntervalMillis(0).build();
    // 100 writes/s: checkpoints capped at 8 reads/s: 8 + 0.75 + 1 + 1 = 10.75/s = 28,251,000
    assertThat(line(CostModel.worker(everyBatch), "KCL table writes"))
        .isCloseTo(28_251_000 * 0.625 / 1_000_000, within(1e-9));
    // 2 writes/s, idle reads: min(4, 2) = 2 checkpoints + 2.75 = 4.75/s, against 3.75/s by default
    assertThat(
            MonthlyUsage.of(CostInputs.builder(2).checkpointIntervalMillis(0).build())
                .kclTableWrites())
        .isEqualTo(4.75 * MONTH);
    assertThat(MonthlyUsage.of(CostInputs.defaults(2)).kclTableWrites()).isEqualTo(3.75 * MONTH);
    assertThat(
            MonthlyUsage.of(CostInputs.builder(100).checkpointIntervalMillis(250).build())
                .kclTableWrites())
        .isEqualTo(6.75 * MONTH);
  }

  @Test
  void refusesACheckpointIntervalOutOfRange() {
    assertThatThrownBy(() -> CostInputs.builder(1).checkpointIntervalMillis(-1).build())
        .hasMessage("checkpoint interval millis must be 0 to 300000");
    assertThatThrownBy(() -> CostInputs.builder(1).checkpointIntervalMillis(300_001).build())
        .hasMessage("checkpoint interval millis must be 0 to 300000");
    assertThatCode(() -> CostInputs.builder(1).checkpointIntervalMillis(300_000).build())
        .doesNotThrowAnyException();
    assertThat(CostInputs.defaults(1).checkpointIntervalMillis()).isEqualTo(1_000);
  }

  @Test
  void metricsAreTwentySeriesPlusFourPerShardPastTheFreeTen() {
    assertThat(MonthlyUsage.of(CostInputs.defaults(1)).customMetrics()).isEqualTo(24);
    assertThat(MonthlyUsage.of(CostInputs.builder(1).shards(5).build()).customMetrics())
        .isEqualTo(40);
    // 24 - 10 free = 14 x 0.30; 43,800 PutMetricData calls, within the free million
    assertThat(line(CostModel.worker(CostInputs.defaults(1)), "CloudWatch metrics"))
        .isCloseTo(4.20, within(1e-9));
    // list prices: 24 x 0.30 + 43,800 x 0.01 / 1,000
    assertThat(
            line(
                CostModel.worker(CostInputs.builder(1).freeTier(false).build()),
                "CloudWatch metrics"))
        .isCloseTo(7.20 + 0.438, within(1e-9));
  }

  @Test
  void itemLinesAreBilledPerGbPastTheFreeFive() {
    // 100 writes/s x 2,628,000 s x 1,250 bytes = 305.94 GB; (305.94 - 5) x 0.50 = 150.47
    assertThat(MonthlyUsage.of(CostInputs.defaults(100)).workerLogGb())
        .isCloseTo(100 * MONTH * 1_250 / (1L << 30), within(1e-9));
    assertThat(line(CostModel.worker(CostInputs.defaults(100)), "Logs (item lines)"))
        .isCloseTo(150.47, CENT);
    // 1 write/s: 3.06 GB, within the free tier
    assertThat(line(CostModel.worker(CostInputs.defaults(1)), "Logs (item lines)")).isZero();
  }

  @Test
  void lambdaIsInvokedPerPollWithRecordsUpToFourTimesASecondThenPerHundredRecords() {
    assertThat(MonthlyUsage.of(CostInputs.defaults(0.5)).lambdaInvocations())
        .isEqualTo(0.5 * MONTH);
    assertThat(MonthlyUsage.of(CostInputs.defaults(1)).lambdaInvocations()).isEqualTo(MONTH);
    assertThat(MonthlyUsage.of(CostInputs.defaults(100)).lambdaInvocations()).isEqualTo(4 * MONTH);
    // 2 shards of 500 writes/s: 5 batches of 100 a second each
    assertThat(MonthlyUsage.of(CostInputs.defaults(1_000)).lambdaInvocations())
        .isEqualTo(10 * MONTH);
    assertThat(MonthlyUsage.of(CostInputs.defaults(0)).lambdaInvocations()).isZero();
  }

  @Test
  void lambdaRequestsAndDurationAreBilledPastTheirFreeTiers() {
    // 2,628,000 invocations: (2,628,000 - 1,000,000) x 0.20 / 1,000,000 = 0.3256
    assertThat(line(CostModel.lambda(CostInputs.defaults(1)), "Requests"))
        .isCloseTo(0.3256, within(1e-9));
    // 100 writes/s, 50 ms: 10,512,000 x 0.050 s x 0.5 GB = 262,800 GB-s, under the free 400,000
    CostInputs hundred = CostInputs.builder(100).lambdaBatchMillis(50).build();
    assertThat(MonthlyUsage.of(hundred).lambdaGbSeconds()).isCloseTo(262_800, within(1e-6));
    assertThat(line(CostModel.lambda(hundred), "Duration")).isZero();
    assertThat(
            line(
                CostModel.lambda(
                    CostInputs.builder(100).lambdaBatchMillis(50).freeTier(false).build()),
                "Duration"))
        .isCloseTo(262_800 * 0.0000166667, within(1e-9));
    // 1,000 writes/s: 26,280,000 x 0.050 x 0.5 = 657,000 GB-s; (657,000 - 400,000) x 0.0000166667
    assertThat(
            line(
                CostModel.lambda(CostInputs.builder(1_000).lambdaBatchMillis(50).build()),
                "Duration"))
        .isCloseTo(257_000 * 0.0000166667, within(1e-9));
    // a duration is billed in whole milliseconds
    assertThat(
            MonthlyUsage.of(CostInputs.builder(100).lambdaBatchMillis(12.3).build())
                .lambdaGbSeconds())
        .isCloseTo(4 * MONTH * 0.013 * 0.5, within(1e-6));
  }

  @Test
  void lambdaReadsTheStreamForFreeAndLogsPlatformLinesBesideTheItems() {
    CostInputs hundred = CostInputs.defaults(100);
    assertThat(line(CostModel.lambda(hundred), "Stream reads (free for Lambda)")).isZero();
    MonthlyUsage usage = MonthlyUsage.of(hundred);
    assertThat(usage.lambdaLogGb() - usage.workerLogGb())
        .isCloseTo(4 * MONTH * 250 / (1L << 30), within(1e-9));
  }

  @Test
  void defaultsGiveAShardPerThousandWritesAndAWorkerPerTwentyFiveShards() {
    assertThat(CostInputs.defaults(1).openShards()).isEqualTo(1);
    assertThat(CostInputs.defaults(100).openShards()).isEqualTo(1);
    assertThat(CostInputs.defaults(1_000).openShards()).isEqualTo(2);
    assertThat(CostInputs.builder(1).shards(25).build().workers()).isEqualTo(1);
    assertThat(CostInputs.builder(1).shards(26).build().workers()).isEqualTo(2);
  }

  @Test
  void totalsAddTheLines() {
    ConsumerCost worker = CostModel.worker(CostInputs.defaults(100));
    assertThat(worker.total())
        .isEqualTo(worker.lines().stream().mapToDouble(ConsumerCost.Line::dollars).sum());
  }

  @Test
  void badInputsAreNamedAllAtOnce() {
    assertThatThrownBy(() -> CostInputs.builder(-1).shards(0).workers(0).build())
        .hasMessageContaining("writes per second must be 0 or more")
        .hasMessageContaining("shards must be 1 or more")
        .hasMessageContaining("workers must be 1 or more");
  }

  private static double line(ConsumerCost cost, String item) {
    return cost.lines().stream()
        .filter(line -> line.item().equals(item))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + item + " in " + cost))
        .dollars();
  }
}
