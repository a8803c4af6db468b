package io.github.ddbstreamworker.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.config.CheckpointInterval;
import io.github.ddbstreamworker.config.WorkerSettings;
import io.github.ddbstreamworker.testsupport.CuttableTcpProxy;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.SteadyWriter;
import io.github.ddbstreamworker.testsupport.WorkerFleet;
import io.github.ddbstreamworker.testsupport.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Workers as processes, killed with SIGKILL while items pour in, and DynamoDB taken away: every
 * INSERT must be logged at least once. {@code -Dfaults.rounds=N} sets the kill rounds (default 2;
 * {@code docs/reliability.md} reports long runs).
 */
@ExtendWith(MotoDynamoDbExtension.class)
class FaultInjectionTest {

  private static final int ROUNDS = Integer.getInteger("faults.rounds", 2);
  private static final int MAX_RECORDS = 100;

  /**
   * {@code -Dfaults.checkpointIntervalMs=N} measures what a checkpoint interval costs in repeats; 0
   * checkpoints after every batch.
   */
  private static final long CHECKPOINT_INTERVAL_MS =
      Long.getLong(
          "faults.checkpointIntervalMs", WorkerSettings.DEFAULT_CHECKPOINT_INTERVAL.toMillis());

  /** {@code -Dfaults.checkpointIntervalRecords=N} bounds those repeats; -1 for no bound. */
  private static final long CHECKPOINT_INTERVAL_RECORDS =
      Long.getLong(
          "faults.checkpointIntervalRecords", WorkerSettings.DEFAULT_CHECKPOINT_INTERVAL_RECORDS);

  private static final Map<String, String> SETTINGS =
      Map.of(
          "MAX_RECORDS",
          Integer.toString(MAX_RECORDS),
          "CHECKPOINT_INTERVAL_MS",
          Long.toString(CHECKPOINT_INTERVAL_MS),
          "CHECKPOINT_INTERVAL_RECORDS",
          Long.toString(CHECKPOINT_INTERVAL_RECORDS));
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Test
  void sigkillOfTheWorkerHoldingTheShardDuringABulkLoadLosesNoInsert() throws Exception {
    killRounds("bulk", 2, Duration.ofMillis(20), true);
  }

  @Test
  void aFleetOfThreeKeepsUpWhenARandomWorkerIsKilledEachRound() throws Exception {
    killRounds("fleet", 3, Duration.ofMillis(50), false);
  }

  /**
   * The worker reaches DynamoDB through a proxy that is cut for a minute, while the table keeps
   * taking writes by another path: once its path is back, the worker catches up on the backlog. The
   * recovery time runs from the restore until the worker has logged everything written before it.
   */
  @Test
  void dynamoDbUnreachableForAMinuteThenBackLosesNothing() throws Exception {
    String table = MotoDynamoDb.newTable("outage", StreamViewType.NEW_AND_OLD_IMAGES);
    try (CuttableTcpProxy path = CuttableTcpProxy.to(MotoDynamoDb.endpoint());
        WorkerFleet fleet = new WorkerFleet(table, path.endpoint(), SETTINGS);
        SteadyWriter writer = SteadyWriter.start(table, "item", Duration.ofMillis(50))) {
      WorkerProcess worker = fleet.startWorker();
      Awaitility.await().atMost(TIMEOUT).until(() -> fleet.loggedIds().size() >= 20);

      path.cut();
      int writtenAtCut = writer.written();
      Thread.sleep(Duration.ofSeconds(60).toMillis());
      assertThat(worker.isAlive()).as("the worker outlives the outage").isTrue();
      int loggedDuringOutage = fleet.loggedIds().size();
      assertThat(loggedDuringOutage)
          .as("cut off, the worker logs nothing written after the cut")
          .isLessThanOrEqualTo(writtenAtCut);
      path.restore();
      long restored = System.nanoTime();
      int writtenBeforeRestore = writer.written();
      Awaitility.await()
          .atMost(TIMEOUT)
          .until(() -> fleet.loggedIds().size() >= writtenBeforeRestore);
      Duration recovery = Duration.ofNanos(System.nanoTime() - restored);

      int written = writer.stop();
      awaitAllLogged(fleet, written);
      assertThat(worker.isAlive()).isTrue();
      report(
          "outage",
          1,
          written,
          fleet,
          "\"backlogAtRestore\":"
              + (writtenBeforeRestore - loggedDuringOutage)
              + ",\"recoveryMillis\":"
              + recovery.toMillis());
    }
  }

  private static void killRounds(String name, int workers, Duration writeInterval, boolean holder)
      throws Exception {
    String table = MotoDynamoDb.newTable(name, StreamViewType.NEW_AND_OLD_IMAGES);
    Random random = new Random(42);
    try (WorkerFleet fleet = new WorkerFleet(table, SETTINGS);
        SteadyWriter writer = SteadyWriter.start(table, "item", writeInterval)) {
      IntStream.range(0, workers).forEach(i -> fleet.startWorker());
      Awaitility.await().atMost(TIMEOUT).until(() -> fleet.loggedIds().size() >= 50);
      List<Long> failoverMillis = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        List<WorkerProcess> alive = fleet.alive();
        WorkerProcess victim =
            holder ? fleet.latestLogger() : alive.get(random.nextInt(alive.size()));
        fleet.kill(victim);
        long killed = System.nanoTime();
        int writtenAtKill = writer.written();
        fleet.startWorker();
        Awaitility.await()
            .atMost(TIMEOUT)
            .pollInterval(Duration.ofMillis(100))
            .until(() -> fleet.loggedIds().contains("item-" + (writtenAtKill + 1)));
        failoverMillis.add(Duration.ofNanos(System.nanoTime() - killed).toMillis());
      }
      int written = writer.stop();
      awaitAllLogged(fleet, written);
      long duplicates = fleet.itemLines() - fleet.loggedIds().size();
      repeatsBoundPerKill()
          .ifPresent(
              bound ->
                  assertThat(duplicates)
                      .as("at most %d repeated per kill", bound)
                      .isLessThanOrEqualTo(ROUNDS * bound));
      report(
          name,
          ROUNDS,
          written,
          fleet,
          "\"workers\":"
              + workers
              + ",\"checkpointIntervalMs\":"
              + CHECKPOINT_INTERVAL_MS
              + ",\"checkpointIntervalRecords\":"
              + CHECKPOINT_INTERVAL_RECORDS
              + ",\"failoverMillis\":"
              + failoverMillis);
    }
  }

  /**
   * What one kill may repeat: the unfinished batch, plus, with an interval, the records read since
   * the last checkpoint, which stay below the record bound. With no record bound, the interval
   * alone bounds nothing in records.
   */
  private static OptionalLong repeatsBoundPerKill() {
    if (CHECKPOINT_INTERVAL_MS == 0) {
      return OptionalLong.of(MAX_RECORDS);
    }
    if (CHECKPOINT_INTERVAL_RECORDS == CheckpointInterval.NO_RECORD_BOUND) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(CHECKPOINT_INTERVAL_RECORDS - 1 + MAX_RECORDS);
  }

  private static void awaitAllLogged(WorkerFleet fleet, int written) {
    Awaitility.await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> fleet.loggedIds().size() >= written);
    Set<String> logged = fleet.loggedIds();
    List<String> missing =
        IntStream.range(0, written)
            .mapToObj(i -> "item-" + i)
            .filter(id -> !logged.contains(id))
            .toList();
    assertThat(missing).as("inserts never logged").isEmpty();
  }

  private static void report(
      String name, int rounds, int written, WorkerFleet fleet, String extra) {
    System.out.printf(
        "{\"type\":\"measurement\",\"fault\":\"%s\",\"rounds\":%d,\"inserts\":%d,"
            + "\"lost\":0,\"duplicates\":%d,%s}%n",
        name, rounds, written, fleet.itemLines() - fleet.loggedIds().size(), extra);
  }
}
