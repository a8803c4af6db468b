package io.github.ddbstreamworker.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.kcl.upstream.LeaseRow;
import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.simulator.SimulatorOptions;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.github.ddbstreamworker.simulator.StreamSpec;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.SteadyWriter;
import io.github.ddbstreamworker.testsupport.WorkerFleet;
import io.github.ddbstreamworker.testsupport.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A fleet of worker processes on one simulated stream of 32 shards under steady writes: one worker,
 * then a second and a third join together, then one stops gracefully and the first (normally the
 * KCL leader) is killed with SIGKILL. After each step every shard's lease ends up with a live
 * worker and every live worker holds some; in the end every record written was logged at least
 * once. How long each step takes is measured by the {@code scale} profile's fleet benchmark, one
 * step at a time (docs/scaling.md), not here.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class FleetRebalanceTest {

  private static final int SHARDS = 32;

  /** About one record a second per shard. */
  private static final Duration WRITE_INTERVAL = Duration.ofMillis(1000 / SHARDS);

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  /**
   * One processor each, as in the default task, and no optimising compiler: three short-lived
   * worker JVMs on a small machine spend less time compiling and more time taking part in the fleet
   * (a worker whose metrics report comes late is left out of the leader's assignment round).
   */
  private static final List<String> WORKER_JVM =
      List.of("-XX:ActiveProcessorCount=1", "-XX:TieredStopAtLevel=1");

  private StreamSimulator simulator;

  @BeforeEach
  void startSimulator() {
    simulator = StreamSimulator.start(SimulatorOptions.defaults().withGetRecordsLimitPerShard(0));
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  @Test
  void joiningWorkersShareTheShardsAndAfterAStopAndACrashTheLastOneHoldsAllWithNothingLost()
      throws Exception {
    String table = MotoDynamoDb.uniqueName("fleet");
    String application = table + "-consumer";
    SimulatedStream stream =
        simulator.createStream(
            StreamSpec.of(table, "id", StreamViewType.NEW_AND_OLD_IMAGES).withShards(SHARDS));
    try (WorkerFleet fleet =
            WorkerFleet.onSimulatedStream(
                MotoDynamoDb.endpoint(),
                simulator.endpoint(),
                stream.streamArn(),
                Map.of("APPLICATION_NAME", application),
                WORKER_JVM);
        SteadyWriter writer = SteadyWriter.intoStream(stream, "item", WRITE_INTERVAL)) {
      List<Long> stepMillis = new ArrayList<>();
      long step = System.nanoTime();
      WorkerProcess first = fleet.startWorker();
      step = awaitSpread(fleet, application, step, stepMillis);

      // The second and third join together: a join takes half a minute on a busy machine.
      WorkerProcess second = fleet.startWorker();
      fleet.startWorker();
      step = awaitSpread(fleet, application, step, stepMillis);

      fleet.stop(second);
      fleet.kill(first);
      awaitSpread(fleet, application, step, stepMillis);

      int written = writer.stop();
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
      assertThat(missing).as("records never logged").isEmpty();
      assertThat(owners(application))
          .as("every shard's lease is held by the one live worker")
          .hasSize(SHARDS)
          .allSatisfy((shard, owner) -> assertThat(fleet.aliveIds()).contains(owner));
      System.out.printf(
          "{\"type\":\"measurement\",\"fleet\":\"rebalance\",\"shards\":%d,\"written\":%d,"
              + "\"duplicates\":%d,\"stepMillis\":%s}%n",
          SHARDS, written, fleet.itemLines() - logged.size(), stepMillis);
    }
  }

  /**
   * Waits until every shard's lease is held by a live worker and every live worker holds one; notes
   * how long that took since the step began, for the report only, and returns when it did.
   */
  private static long awaitSpread(
      WorkerFleet fleet, String application, long stepStart, List<Long> stepMillis) {
    try {
      Awaitility.await()
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> spread(fleet, application));
      long now = System.nanoTime();
      stepMillis.add(Duration.ofNanos(now - stepStart).toMillis());
      return now;
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "not spread over the live workers "
              + fleet.aliveIds()
              + ": leases by owner "
              + leasesByOwner(application)
              + fleet.alive().stream()
                  .map(worker -> "\n--- " + fleet.workerId(worker) + "\n" + tail(worker))
                  .collect(Collectors.joining()),
          e);
    }
  }

  private static boolean spread(WorkerFleet fleet, String application) {
    Map<String, String> owners = owners(application);
    Set<String> alive = fleet.aliveIds();
    return owners.size() == SHARDS
        && alive.containsAll(owners.values())
        && Set.copyOf(owners.values()).containsAll(alive);
  }

  private static Map<String, Long> leasesByOwner(String application) {
    return LeaseRows.scan(MotoDynamoDb.clients().dynamoDb(), application).stream()
        .collect(
            Collectors.groupingBy(
                lease -> String.valueOf(lease.owner()), TreeMap::new, Collectors.counting()));
  }

  private static String tail(WorkerProcess worker) {
    List<String> log = worker.stderrLines();
    return String.join("\n", log.subList(Math.max(0, log.size() - 30), log.size()));
  }

  /** Each shard's lease and its owner; a lease without an owner is left out. */
  private static Map<String, String> owners(String application) {
    return LeaseRows.scan(MotoDynamoDb.clients().dynamoDb(), application).stream()
        .filter(lease -> lease.owner() != null)
        .collect(Collectors.toMap(LeaseRow::leaseKey, LeaseRow::owner));
  }
}
