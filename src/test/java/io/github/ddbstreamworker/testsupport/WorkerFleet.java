package io.github.ddbstreamworker.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Worker processes on one table, started and killed by a fault-injection test, with what all of
 * them, dead or alive, have logged.
 */
public final class WorkerFleet implements AutoCloseable {

  private final String table;
  private final URI endpoint;
  private final Map<String, String> extraSettings;
  private final List<WorkerProcess> all = new ArrayList<>();
  private final List<WorkerProcess> alive = new ArrayList<>();
  private int started;

  public WorkerFleet(String table, URI endpoint, Map<String, String> extraSettings) {
    this.table = table;
    this.endpoint = endpoint;
    this.extraSettings = extraSettings;
  }

  /** On the test run's moto_server. */
  public WorkerFleet(String table, Map<String, String> extraSettings) {
    this(table, MotoDynamoDb.endpoint(), extraSettings);
  }

  public WorkerProcess startWorker() {
    Map<String, String> environment = new HashMap<>(WorkerProcess.motoAwsEnvironment(endpoint));
    environment.put("TABLE_NAME", table);
    environment.put("WORKER_ID", "worker-" + ++started);
    environment.putAll(extraSettings);
    WorkerProcess worker = WorkerProcess.start(environment, "run");
    all.add(worker);
    alive.add(worker);
    return worker;
  }

  public List<WorkerProcess> alive() {
    return List.copyOf(alive);
  }

  public void kill(WorkerProcess worker) throws InterruptedException {
    worker.kill();
    alive.remove(worker);
  }

  /** The live worker that logged the most recent item line, or the first live one. */
  public WorkerProcess latestLogger() {
    WorkerProcess latest = alive.get(0);
    long latestAt = -1;
    for (WorkerProcess worker : alive) {
      List<JsonNode> items = items(worker);
      if (!items.isEmpty()) {
        long writtenAt = items.get(items.size() - 1).get("item").get("writtenAt").asLong();
        if (writtenAt > latestAt) {
          latestAt = writtenAt;
          latest = worker;
        }
      }
    }
    return latest;
  }

  /** Item ids logged by any worker so far. */
  public Set<String> loggedIds() {
    Set<String> ids = new HashSet<>();
    all.forEach(
        worker -> items(worker).forEach(item -> ids.add(item.get("keys").get("id").asText())));
    return ids;
  }

  /** Item lines across all workers: more than {@link #loggedIds()} by the duplicates. */
  public int itemLines() {
    return all.stream().mapToInt(worker -> items(worker).size()).sum();
  }

  public static List<JsonNode> items(WorkerProcess worker) {
    return worker.lines().stream()
        .filter(line -> line.contains("\"type\":\"item\""))
        .map(RecordingSink::parse)
        .toList();
  }

  @Override
  public void close() {
    all.forEach(WorkerProcess::close);
  }
}
