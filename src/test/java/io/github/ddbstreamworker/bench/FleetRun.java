package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.kcl.upstream.KclTables;
import io.github.ddbstreamworker.kcl.upstream.LeaderLock;
import io.github.ddbstreamworker.kcl.upstream.LeaseRow;
import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.testsupport.SteadyWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * A fleet of worker processes sized like the default task on one simulated stream under steady
 * writes, changed one step at a time: the first worker starts, the others join one by one, then one
 * is stopped with SIGTERM and one killed with SIGKILL. After each step the lease table is read once
 * a second until the shards are settled: every lease held by a live worker, every live worker
 * holding at least one, and the largest and smallest share unchanged for the plan's stable time
 * (leases may still move between workers without changing either).
 */
final class FleetRun {

  /**
   * How the fleet is run.
   *
   * @param cpus each worker's CPU cap in cores ({@link CpuCap}); 0 none
   * @param stable how long the shares must stay unchanged for a step to count as settled
   * @param stepLimit the longest a step may take to settle before the next one begins
   * @param workerSettings more environment for every worker
   */
  record Plan(
      int shards,
      int workers,
      int recordsPerSecondPerShard,
      double cpus,
      Duration stable,
      Duration stepLimit,
      Duration grace,
      Map<String, String> workerSettings) {}

  /**
   * One step's figures; times in seconds from the step's action, -1 where it did not happen within
   * the step limit.
   *
   * @param at when the step began, in seconds from the first worker's start
   * @param leader the KCL leader when the step began
   * @param allHeld when every lease was first held by a live worker
   * @param spread when, besides, every live worker first held a lease
   * @param even when, besides, the largest share was first at most {@value #EVEN_WITHIN} leases
   *     above the smallest
   * @param settled when the largest and smallest share stopped changing, once spread
   * @param shares leases held by each live worker when the step ended
   * @param leasesMoved lease owner changes seen in the step, an unowned lease counted as an owner
   * @param repeats item lines that repeated an item, arrived during the step
   */
  record Step(
      String action,
      double at,
      String leader,
      double allHeld,
      double spread,
      double even,
      double settled,
      Map<String, Integer> shares,
      int leasesMoved,
      int repeats,
      String loadAverage) {

    int largest() {
      return shares.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    int smallest() {
      return shares.values().stream().mapToInt(Integer::intValue).min().orElse(0);
    }
  }

  /** One reading of the lease table: seconds from the first start, and leases by live owner. */
  record Sample(double at, Map<String, Integer> shares) {}

  /**
   * The whole run.
   *
   * @param missing the first ids written but never logged, with their shards, at most {@value
   *     #MISSING_SHOWN}
   * @param writesPerSecond the rate the writer achieved
   * @param workerMetrics a row of the KCL's worker-metrics table, as the KCL wrote it
   */
  record Outcome(
      List<Step> steps,
      List<Sample> samples,
      int written,
      int delivered,
      List<String> missing,
      int repeats,
      double writesPerSecond,
      String workerMetrics) {

    int lost() {
      return written - delivered;
    }
  }

  static final int MISSING_SHOWN = 20;
  static final int EVEN_WITHIN = 2;
  private static final String ID_PREFIX = "fleet";
  private static final String ITEM_LINE = "\"type\":\"item\"";
  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);

  private final BenchEndpoints endpoints;
  private final AwsClients clients;
  private final Path jar;
  private final Plan plan;
  private final Path folder;
  private final String application;
  private final SimulatedStream stream;
  private final ItemTally items = new ItemTally();
  private final Map<String, TaskSizedWorker> live = new LinkedHashMap<>();
  private final List<TaskSizedWorker> all = new ArrayList<>();
  private final List<CpuCap> caps = new ArrayList<>();
  private final List<BufferedWriter> logs = new ArrayList<>();
  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, String> shardOfId = new ConcurrentHashMap<>();
  private Map<String, String> owners = Map.of();
  private long runStart;

  FleetRun(BenchEndpoints endpoints, AwsClients clients, Path jar, Plan plan, Path folder) {
    this.endpoints = endpoints;
    this.clients = clients;
    this.jar = jar;
    this.plan = plan;
    this.folder = folder;
    this.application = "fleet-" + plan.shards();
    this.stream = endpoints.createStream(application, plan.shards());
  }

  /** Runs every step, then stops writing and waits for the last lines; stops every worker. */
  Outcome run() throws IOException, InterruptedException {
    Duration interval =
        Duration.ofNanos(1_000_000_000L / ((long) plan.recordsPerSecondPerShard() * plan.shards()));
    List<Step> steps = new ArrayList<>();
    try (SteadyWriter writer = SteadyWriter.start(this::insert, ID_PREFIX, interval)) {
      runStart = System.nanoTime();
      for (int worker = 1; worker <= plan.workers(); worker++) {
        String workerId = "worker-" + worker;
        steps.add(step("start " + workerId, () -> start(workerId)));
      }
      steps.add(step("SIGTERM worker-2", () -> live.remove("worker-2").terminate()));
      steps.add(step("SIGKILL worker-1", () -> live.remove("worker-1").kill()));
      double seconds = (System.nanoTime() - runStart) / 1e9;
      int written = writer.stop();
      int delivered = awaitDelivered(written);
      String workerMetrics = workerMetricsRow();
      return new Outcome(
          steps,
          List.copyOf(samples),
          written,
          delivered,
          IntStream.range(0, written)
              .mapToObj(FleetRun::id)
              .filter(id -> !items.delivered(id))
              .limit(MISSING_SHOWN)
              .map(id -> id + " (" + shardOfId.get(id) + ")")
              .toList(),
          items.repeats(),
          written / seconds,
          workerMetrics);
    } finally {
      stopAll();
    }
  }

  private interface Action {
    void run() throws IOException, InterruptedException;
  }

  private Step step(String name, Action action) throws IOException, InterruptedException {
    String leader = leader();
    int repeatsBefore = items.repeats();
    long start = System.nanoTime();
    action.run();
    double allHeld = -1;
    double spread = -1;
    double even = -1;
    double settled = -1;
    int moved = 0;
    List<Integer> range = List.of();
    long rangeSince = -1;
    long next = start;
    while (System.nanoTime() - start < plan.stepLimit().toNanos()) {
      next += SAMPLE_EVERY.toNanos();
      Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
      Map<String, String> now = readOwners();
      moved += changed(owners, now);
      owners = now;
      long sampled = System.nanoTime();
      Map<String, Integer> current = shares(now);
      samples.add(new Sample((sampled - runStart) / 1e9, current));
      boolean held = now.size() == plan.shards() && live.keySet().containsAll(now.values());
      if (held && allHeld < 0) {
        allHeld = (sampled - start) / 1e9;
      }
      boolean isSpread = held && current.values().stream().allMatch(count -> count > 0);
      if (!isSpread) {
        rangeSince = -1;
        continue;
      }
      if (spread < 0) {
        spread = (sampled - start) / 1e9;
      }
      List<Integer> currentRange = largestAndSmallest(current);
      if (even < 0 && currentRange.get(0) - currentRange.get(1) <= EVEN_WITHIN) {
        even = (sampled - start) / 1e9;
      }
      if (rangeSince < 0 || !currentRange.equals(range)) {
        range = currentRange;
        rangeSince = sampled;
      } else if (sampled - rangeSince >= plan.stable().toNanos()) {
        settled = (rangeSince - start) / 1e9;
        break;
      }
    }
    Step step =
        new Step(
            name,
            (start - runStart) / 1e9,
            leader,
            allHeld,
            spread,
            even,
            settled,
            shares(owners),
            moved,
            items.repeats() - repeatsBefore,
            ScaleRun.loadAverage());
    return step;
  }

  private void insert(Map<String, AttributeValue> item) {
    shardOfId.put(item.get("id").s(), stream.insert(item).shardId());
  }

  private String leader() {
    try {
      return LeaderLock.owner(clients.dynamoDb(), application).orElse("none");
    } catch (ResourceNotFoundException noTableYet) {
      return "none";
    }
  }

  private void start(String workerId) throws IOException {
    BufferedWriter log = Files.newBufferedWriter(folder.resolve(workerId + ".log"));
    logs.add(log);
    TaskSizedWorker worker =
        TaskSizedWorker.start(
            jar,
            endpoints.dynamoDb(),
            endpoints.streams(),
            stream.streamArn(),
            application,
            settings(workerId),
            line -> route(line, log));
    all.add(worker);
    live.put(workerId, worker);
    if (plan.cpus() > 0) {
      CpuCap cap = CpuCap.create(capName(workerId), plan.cpus());
      caps.add(cap);
      cap.add(worker.pid());
    }
  }

  private Map<String, String> settings(String workerId) {
    Map<String, String> settings = new HashMap<>(plan.workerSettings());
    settings.put("WORKER_ID", workerId);
    return settings;
  }

  private void route(String line, BufferedWriter log) {
    if (line.contains(ITEM_LINE)) {
      items.accept(line);
      return;
    }
    synchronized (log) {
      try {
        log.write(line);
        log.newLine();
      } catch (IOException closedAfterTheRun) {
        // The process's last lines, after the run ended: not needed.
      }
    }
  }

  /** Each shard's lease owner; a lease without one is left out. */
  private Map<String, String> readOwners() {
    Map<String, String> byShard = new HashMap<>();
    try {
      for (LeaseRow lease : LeaseRows.scan(clients.dynamoDb(), application)) {
        if (lease.owner() != null) {
          byShard.put(lease.leaseKey(), lease.owner());
        }
      }
    } catch (ResourceNotFoundException notYet) {
      // The first worker has not created the lease table yet.
    }
    return byShard;
  }

  /** Leases held by each live worker, 0 for one holding none. */
  private Map<String, Integer> shares(Map<String, String> byShard) {
    Map<String, Integer> shares = new TreeMap<>();
    live.keySet().forEach(workerId -> shares.put(workerId, 0));
    byShard.values().stream()
        .filter(live::containsKey)
        .forEach(owner -> shares.merge(owner, 1, Integer::sum));
    return shares;
  }

  private static List<Integer> largestAndSmallest(Map<String, Integer> shares) {
    return List.of(Collections.max(shares.values()), Collections.min(shares.values()));
  }

  private static int changed(Map<String, String> before, Map<String, String> after) {
    return (int)
        after.keySet().stream()
            .filter(shard -> !Objects.equals(before.get(shard), after.get(shard)))
            .count();
  }

  private int awaitDelivered(int written) throws InterruptedException {
    long deadline = System.nanoTime() + plan.grace().toNanos();
    int delivered = delivered(written);
    while (delivered < written && System.nanoTime() < deadline) {
      Thread.sleep(500);
      delivered = delivered(written);
    }
    return delivered;
  }

  private int delivered(int written) {
    return (int) IntStream.range(0, written).filter(i -> items.delivered(id(i))).count();
  }

  /** The id of the item written {@code index}-th, from 0. */
  private static String id(int index) {
    return ID_PREFIX + "-" + index;
  }

  private String workerMetricsRow() {
    return clients
        .dynamoDb()
        .scan(request -> request.tableName(KclTables.workerMetrics(application)).limit(1))
        .items()
        .stream()
        .findFirst()
        .map(Object::toString)
        .orElse("none");
  }

  private void stopAll() throws IOException, InterruptedException {
    for (TaskSizedWorker worker : all) {
      worker.close();
    }
    for (CpuCap cap : caps) {
      cap.close();
    }
    for (BufferedWriter log : logs) {
      synchronized (log) {
        log.close();
      }
    }
  }

  private static String capName(String workerId) {
    return "ddb-stream-worker-fleet-" + ProcessHandle.current().pid() + "-" + workerId;
  }
}
