package io.github.ddbstreamworker.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.kcl.upstream.LeaderLock;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import io.github.ddbstreamworker.testsupport.SteadyWriter;
import io.github.ddbstreamworker.testsupport.WorkerProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Two worker processes share a shard while items keep arriving; the one holding the shard and the
 * KCL leader lock stops gracefully, and the other must carry on with nothing lost. Prints the
 * failover time: from the stop to the survivor's first line. SIGKILL is in {@link
 * FaultInjectionTest}.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class FailoverTest {

  private static final Duration WRITE_INTERVAL = Duration.ofMillis(100);
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void afterAGracefulStopTheOtherWorkerContinuesAndNothingIsLost() throws Exception {
    failover(MotoDynamoDb.newTable("failover", StreamViewType.NEW_AND_OLD_IMAGES));
  }

  private static void failover(String table) throws Exception {
    String application = "ddb-stream-worker-" + table;
    try (WorkerProcess first = worker(table, "first");
        SteadyWriter writer = SteadyWriter.start(table, "item", WRITE_INTERVAL)) {
      first.awaitLine(line -> line.contains("\"type\":\"item\""), TIMEOUT);
      try (WorkerProcess second = worker(table, "second")) {
        second.awaitLine(line -> line.contains("worker started"), TIMEOUT);
        pause(Duration.ofSeconds(5));
        assertThat(items(second))
            .as("the second worker has no shard while the first holds it")
            .isEmpty();
        String leader = leader(application);

        long stopped = System.nanoTime();
        int linesBefore = second.lines().size();
        first.terminate();
        second.awaitLine(line -> line.contains("\"type\":\"item\""), TIMEOUT);
        Duration failover = Duration.ofNanos(System.nanoTime() - stopped);
        int written = writer.stop();
        Awaitility.await().atMost(TIMEOUT).until(() -> logged(first, second).size() >= written);

        Set<String> logged = logged(first, second);
        List<String> missing =
            IntStream.range(0, written)
                .mapToObj(i -> "item-" + i)
                .filter(id -> !logged.contains(id))
                .toList();
        int duplicates = items(first).size() + items(second).size() - logged.size();
        assertThat(missing).isEmpty();
        System.out.printf(
            "{\"type\":\"measurement\",\"failover\":\"graceful\",\"leaderWas\":\"%s\","
                + "\"failoverMillis\":%d,\"written\":%d,\"duplicates\":%d,\"secondLinesBefore\":%d}%n",
            leader, failover.toMillis(), written, duplicates, linesBefore);
      }
    }
  }

  private static WorkerProcess worker(String table, String workerId) {
    Map<String, String> environment = new HashMap<>(WorkerProcess.motoAwsEnvironment());
    environment.put("TABLE_NAME", table);
    environment.put("WORKER_ID", workerId);
    return WorkerProcess.start(environment, "run");
  }

  private static List<JsonNode> items(WorkerProcess worker) {
    return worker.lines().stream()
        .filter(line -> line.contains("\"type\":\"item\""))
        .map(RecordingSink::parse)
        .toList();
  }

  private static Set<String> logged(WorkerProcess... workers) {
    Set<String> ids = new HashSet<>();
    for (WorkerProcess worker : workers) {
      items(worker).forEach(item -> ids.add(item.get("keys").get("id").asText()));
    }
    return ids;
  }

  /** The owner of the KCL leader lock, from the coordinator-state table. */
  private static String leader(String application) {
    return LeaderLock.owner(MotoDynamoDb.clients().dynamoDb(), application).orElse("none");
  }

  private static void pause(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }
}
