package io.github.ddbstreamworker.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Worker processes on one table or stream, started, stopped and killed by a test, with what all of
 * them, dead or alive, have logged.
 */
public final class WorkerFleet implements AutoCloseable {

  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  private final Map<String, String> environment;
  private final List<String> jvmOptions;
  private final List<WorkerProcess> all = new ArrayList<>();
  private final List<WorkerProcess> alive = new ArrayList<>();
  private final Map<WorkerProcess, String> workerIds = new HashMap<>();

  private WorkerFleet(Map<String, String> environment, List<String> jvmOptions) {
    this.environment = environment;
    this.jvmOptions = jvmOptions;
  }

  public WorkerFleet(String table, URI endpoint, Map<String, String> extraSettings) {
    this(environment(endpoint, Map.of("TABLE_NAME", table), extraSettings), List.of());
  }

  /** On the test run's moto_server. */
  public WorkerFleet(String table, Map<String, String> extraSettings) {
    this(table, MotoDynamoDb.endpoint(), extraSettings);
  }

  /**
   * Workers on a stream of the simulator, reached through its endpoint, their lease tables on the
   * given moto_server; {@code jvmOptions} go to each worker's JVM.
   */
  public static WorkerFleet onSimulatedStream(
      URI dynamoDbEndpoint,
      URI streamsEndpoint,
      String streamArn,
      Map<String, String> extraSettings,
      List<String> jvmOptions) {
    return new WorkerFleet(
        environment(
            dynamoDbEndpoint,
            Map.of(
                "STREAM_ARN",
                streamArn,
                "AWS_ENDPOINT_URL_DYNAMODB_STREAMS",
                streamsEndpoint.toString()),
            extraSettings),
        jvmOptions);
  }

  private static Map<String, String> environment(
      URI dynamoDbEndpoint, Map<String, String> stream, Map<String, String> extraSettings) {
    Map<String, String> environment =
        new HashMap<>(WorkerProcess.motoAwsEnvironment(dynamoDbEndpoint));
    environment.putAll(stream);
    environment.putAll(extraSettings);
    return environment;
  }

  /** Starts a worker with the id {@code worker-<n>}, n counting from 1. */
  public WorkerProcess startWorker() {
    String workerId = "worker-" + (all.size() + 1);
    Map<String, String> settings = new HashMap<>(environment);
    settings.put("WORKER_ID", workerId);
    WorkerProcess worker = WorkerProcess.start(jvmOptions, settings, "run");
    all.add(worker);
    alive.add(worker);
    workerIds.put(worker, workerId);
    return worker;
  }

  public List<WorkerProcess> alive() {
    return List.copyOf(alive);
  }

  /** The WORKER_ID of each live worker. */
  public Set<String> aliveIds() {
    Set<String> ids = new HashSet<>();
    alive.forEach(worker -> ids.add(workerIds.get(worker)));
    return ids;
  }

  public String workerId(WorkerProcess worker) {
    return workerIds.get(worker);
  }

  public void kill(WorkerProcess worker) throws InterruptedException {
    worker.kill();
    alive.remove(worker);
  }

  /** Sends SIGTERM, as ECS does, and waits for the worker to end; returns its exit code. */
  public int stop(WorkerProcess worker) throws InterruptedException {
    alive.remove(worker);
    worker.terminate();
    return worker.awaitExit(STOP_WAIT);
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
