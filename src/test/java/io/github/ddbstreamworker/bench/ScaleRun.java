package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.simulator.SimulatedStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * One shard count: a new stream of that many shards and one worker process sized like the default
 * task on it, with a new lease table. Once the worker holds every shard's lease and a warm-up has
 * gone through, it is measured through a window of steady writes, each shard taking the per-shard
 * rate on average (the ids are random, as a table's are), then idle.
 */
final class ScaleRun {

  /**
   * How one shard count is run.
   *
   * @param cpus the worker's CPU cap in cores ({@link CpuCap}); 0 none
   */
  record Plan(
      double cpus,
      int recordsPerSecondPerShard,
      Duration warmUp,
      Duration idle,
      Duration window,
      Duration grace,
      Duration leaseWait) {}

  /**
   * What one shard count gave; CPU as a percentage of one core, throttled as the percentage of the
   * cap's periods in which it stopped the worker (0 uncapped), memory in megabytes, the process's
   * threads, RSS and heap the largest sampled in the window.
   */
  record Figures(
      int shards,
      Duration leasesTaken,
      SteadyWrites.Delivery delivery,
      int leasesLost,
      double getRecordsPerShardSecond,
      double checkpointsPerSecond,
      double checkpointMillis,
      double cpuIdlePercent,
      double cpuBusyPercent,
      double throttledPercent,
      double motoCpuBusyPercent,
      int threads,
      double rssMb,
      double heapMb,
      String loadAverage) {

    boolean allDelivered() {
      return delivery.delivered() == delivery.written();
    }

    double p50() {
      return delivery.delivered() == 0 ? Double.NaN : delivery.latency().at(50);
    }

    double p99() {
      return delivery.delivered() == 0 ? Double.NaN : delivery.latency().at(99);
    }
  }

  /** The worker held fewer leases than shards when the plan's wait ran out. */
  static final class LeasesNotTaken extends Exception {
    LeasesNotTaken(int shards, int held, Duration waited) {
      super(String.format("held %d of %d shards' leases after %s", held, shards, waited));
    }
  }

  private static final Pattern LEASES_HELD = Pattern.compile("ddb_stream_leases_held ([0-9.E+]+)");
  private static final Pattern CHECKPOINTS_WRITTEN =
      Pattern.compile("ddb_stream_checkpoints_total\\{[^}]*outcome=\"written\"[^}]*} ([0-9.E+]+)");
  private static final Pattern CHECKPOINT_SECONDS =
      Pattern.compile("ddb_stream_checkpoint_latency_seconds_sum\\{[^}]*} ([0-9.E+]+)");
  private static final Pattern CHECKPOINT_COUNT =
      Pattern.compile("ddb_stream_checkpoint_latency_seconds_count\\{[^}]*} ([0-9.E+]+)");
  private static final String ITEM_LINE = "\"type\":\"item\"";
  private static final String LEASE_LOST = "lease lost or given up";
  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);

  private final BenchEndpoints endpoints;
  private final Path jar;
  private final Plan plan;
  private final Path folder;

  /**
   * @param folder where each count's non-item lines go, as {@code worker-<shards>.log}
   */
  ScaleRun(BenchEndpoints endpoints, Path jar, Plan plan, Path folder) {
    this.endpoints = endpoints;
    this.jar = jar;
    this.plan = plan;
    this.folder = folder;
  }

  Figures measure(int shards) throws IOException, InterruptedException, LeasesNotTaken {
    String name = "scale-" + shards;
    SimulatedStream stream = endpoints.createStream(name, shards);
    TimedSink sink = new TimedSink();
    AtomicInteger leasesLost = new AtomicInteger();
    try (CpuCap cap = plan.cpus() > 0 ? CpuCap.create(capName(shards), plan.cpus()) : null;
        BufferedWriter log = Files.newBufferedWriter(folder.resolve("worker-" + shards + ".log"));
        TaskSizedWorker worker =
            TaskSizedWorker.start(
                jar,
                endpoints.dynamoDb(),
                endpoints.streams(),
                stream.streamArn(),
                name,
                line -> route(line, sink, leasesLost, log))) {
      if (cap != null) {
        cap.add(worker.pid());
      }
      Duration leasesTaken = awaitLeases(worker, shards);
      int rate = plan.recordsPerSecondPerShard() * shards;
      SteadyWrites writes = new SteadyWrites(rate * seconds(plan.warmUp()), rate);
      SteadyWrites.collect(
          sink, sink.count(), writes.write(id -> insert(stream, id)), plan.grace());

      Samples samples = new Samples(worker);
      int before = sink.count();
      int lostBefore = leasesLost.get();
      long calls = endpoints.getRecordsAnswered();
      String metricsBefore = worker.metrics();
      double checkpoints = TaskSizedWorker.sum(metricsBefore, CHECKPOINTS_WRITTEN);
      long cpu = worker.cpuNanos();
      CpuCap.Periods periods = periods(cap);
      long motoCpu = endpoints.dynamoDbCpuNanos();
      long start = System.nanoTime();
      Map<String, Long> written =
          new SteadyWrites(rate * seconds(plan.window()), rate).write(id -> insert(stream, id));
      long nanos = System.nanoTime() - start;
      double seconds = nanos / 1e9;
      double cpuBusy = percent(worker.cpuNanos() - cpu, nanos);
      double throttledBusy = throttledPercent(periods, periods(cap));
      double motoBusy = percent(endpoints.dynamoDbCpuNanos() - motoCpu, nanos);
      double getRecords = (endpoints.getRecordsAnswered() - calls) / seconds / shards;
      String metricsAfter = worker.metrics();
      double checkpointRate =
          (TaskSizedWorker.sum(metricsAfter, CHECKPOINTS_WRITTEN) - checkpoints) / seconds;
      double checkpointMillis = meanMillis(metricsBefore, metricsAfter);
      samples.stop();
      SteadyWrites.Delivery delivery = SteadyWrites.collect(sink, before, written, plan.grace());
      long idleCpu = worker.cpuNanos();
      long idleStart = System.nanoTime();
      Thread.sleep(plan.idle().toMillis());
      double cpuIdle = percent(worker.cpuNanos() - idleCpu, System.nanoTime() - idleStart);
      return new Figures(
          shards,
          leasesTaken,
          delivery,
          leasesLost.get() - lostBefore,
          getRecords,
          checkpointRate,
          checkpointMillis,
          cpuIdle,
          cpuBusy,
          throttledBusy,
          motoBusy,
          (int) samples.max(samples.threads),
          samples.max(samples.rss),
          samples.max(samples.heap),
          loadAverage());
    }
  }

  private Duration awaitLeases(TaskSizedWorker worker, int shards)
      throws InterruptedException, LeasesNotTaken {
    long start = System.nanoTime();
    long deadline = start + plan.leaseWait().toNanos();
    int held = 0;
    while (held < shards) {
      if (!worker.isAlive() || System.nanoTime() > deadline) {
        throw new LeasesNotTaken(shards, held, Duration.ofNanos(System.nanoTime() - start));
      }
      Thread.sleep(250);
      held = (int) TaskSizedWorker.sum(worker.metrics(), LEASES_HELD);
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** The mean time of the checkpoint writes between two scrapes of {@code /metrics}. */
  private static double meanMillis(String before, String after) {
    double seconds =
        TaskSizedWorker.sum(after, CHECKPOINT_SECONDS)
            - TaskSizedWorker.sum(before, CHECKPOINT_SECONDS);
    double count =
        TaskSizedWorker.sum(after, CHECKPOINT_COUNT)
            - TaskSizedWorker.sum(before, CHECKPOINT_COUNT);
    return count == 0 ? Double.NaN : 1000 * seconds / count;
  }

  private static CpuCap.Periods periods(CpuCap cap) throws IOException {
    return cap == null ? new CpuCap.Periods(0, 0) : cap.periods();
  }

  private static double throttledPercent(CpuCap.Periods before, CpuCap.Periods after) {
    long periods = after.total() - before.total();
    return periods == 0 ? 0 : 100.0 * (after.throttled() - before.throttled()) / periods;
  }

  static String capName(int shards) {
    return "ddb-stream-worker-scale-" + ProcessHandle.current().pid() + "-" + shards;
  }

  private static long insert(SimulatedStream stream, String id) {
    return stream.insert(BenchItems.item(id)).createdNanoTime();
  }

  private static void route(
      String line, TimedSink sink, AtomicInteger leasesLost, BufferedWriter log) {
    if (line.contains(ITEM_LINE)) {
      sink.accept(line);
      return;
    }
    if (line.contains(LEASE_LOST)) {
      leasesLost.incrementAndGet();
    }
    // Lines of stdout and of stderr come on two threads.
    synchronized (log) {
      try {
        log.write(line);
        log.newLine();
      } catch (IOException closedAfterTheRun) {
        // The process's last lines, read after the count's measurement ended: not needed.
      }
    }
  }

  private static int seconds(Duration duration) {
    return (int) Math.max(1, duration.toSeconds());
  }

  private static double percent(long cpuNanos, long wallNanos) {
    return 100.0 * cpuNanos / wallNanos;
  }

  /** The 1, 5 and 15 minute load averages of the machine, from {@code /proc/loadavg}. */
  static String loadAverage() {
    try {
      String[] fields =
          Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).split(" ");
      return String.join(" ", fields[0], fields[1], fields[2]);
    } catch (IOException e) {
      return "?";
    }
  }

  /** The worker's threads, RSS and heap, once a second on a thread of its own, until stopped. */
  private static final class Samples {
    final List<Double> threads = Collections.synchronizedList(new ArrayList<>());
    final List<Double> rss = Collections.synchronizedList(new ArrayList<>());
    final List<Double> heap = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    Samples(TaskSizedWorker worker) {
      thread =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted() && worker.isAlive()) {
                  threads.add((double) worker.threads());
                  rss.add(worker.rssMb());
                  TaskSizedWorker.heapMb(worker.metrics()).ifPresent(heap::add);
                  try {
                    Thread.sleep(SAMPLE_EVERY.toMillis());
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "scale-samples");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      thread.interrupt();
      thread.join();
    }

    double max(List<Double> values) {
      synchronized (values) {
        return values.isEmpty() ? Double.NaN : Collections.max(values);
      }
    }
  }
}
