package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.app.WorkerAssembly;
import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.config.WorkerSettings;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.status.FleetCensus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures the production worker, in one run, with its lease tables on a moto_server child process
 * and its stream on the stream simulator in this JVM: cold and warm start to the first record,
 * end-to-end latency at several poll intervals, backlog drain beside the physical floor (a bare
 * GetRecords loop over the same records), one worker on a stream of more and more shards, and the
 * memory of a worker process alone.
 */
public final class WorkerBenchmark {

  private static final String TABLE = "bench-items";
  private static final String BACKLOG_TABLE = "bench-backlog";
  private static final String APPLICATION = "bench";

  private final WorkerSettings settings;
  private final BenchPlan plan;
  private final PrintStream out;
  private final BenchWorkers workers;
  private final SteadyWrites latencyProbe;

  /**
   * @param workerSettings values of {@link BenchWorkers#SETTINGS_READ} by environment name; the
   *     others keep their defaults
   * @throws io.github.ddbstreamworker.config.InvalidSettingsException naming every bad value
   */
  public WorkerBenchmark(Map<String, String> workerSettings, BenchPlan plan, PrintStream out) {
    this.workers = new BenchWorkers(workerSettings);
    this.settings = workers.settings();
    this.plan = plan;
    this.out = out;
    this.latencyProbe = new SteadyWrites(plan.items(), plan.writesPerSecond());
  }

  /**
   * Runs everything and writes the figures, CSV and plots into {@code folder}.
   *
   * @param workerJar the shaded jar to start a worker process from, for the memory figures
   */
  public Path run(Path folder, Optional<Path> workerJar) throws Exception {
    List<Long> pollIntervals = plan.pollIntervals();
    int backlog = plan.backlog();
    BenchOutput output = new BenchOutput(folder, out);
    try (BenchEndpoints endpoints = BenchEndpoints.start();
        AwsClients clients = new AwsClients(endpoints.connection())) {
      out.printf(
          "lease tables on moto_server (child process) %s; stream on the simulator (this JVM) %s%n",
          endpoints.dynamoDb(), endpoints.streams());
      out.printf(
          "max records %d; %d items at %d/s per poll interval; backlog %d records%n%n",
          settings.maxRecords(), plan.items(), plan.writesPerSecond(), backlog);
      output.figure(
          "simulator GetRecords limit per shard",
          BenchEndpoints.SIMULATOR.getRecordsLimitPerShard(),
          "calls/s",
          "0: throttle off in every phase");

      SimulatedStream items = endpoints.createStream(TABLE, 1);
      String itemsArn = items.streamArn();
      items.insert(BenchItems.item("cold"));
      Started cold = startAndAwaitFirst(clients, itemsArn, "bench-a", pollIntervals.get(0));
      output.figure(
          "start-up to first record, cold (new lease table)", cold.millisToFirst, "ms", "");
      cold.worker.close();

      items.insert(BenchItems.item("warm"));
      Started warm = startAndAwaitFirst(clients, itemsArn, "bench-b", pollIntervals.get(0));
      output.figure(
          "start-up to first record, warm (existing leases)", warm.millisToFirst, "ms", "");
      for (int i = 0; i < pollIntervals.size(); i++) {
        long poll = pollIntervals.get(i);
        if (i > 0) {
          items.insert(BenchItems.item("poll-" + poll));
        }
        Started worker =
            i == 0 ? warm : startAndAwaitFirst(clients, itemsArn, "bench-poll-" + poll, poll);
        Percentiles latency =
            latencyProbe.measure(
                worker.sink, id -> items.insert(BenchItems.item(id)).createdNanoTime());
        String series = "poll " + poll + " ms";
        output.latencies(series, latency);
        output.figure("latency p50, " + series, latency.at(50), "ms", "");
        output.figure("latency p90, " + series, latency.at(90), "ms", "");
        output.figure("latency p99, " + series, latency.at(99), "ms", "");
        output.figure("latency max, " + series, latency.max(), "ms", "");
        worker.worker.close();
      }

      SimulatedStream backlogStream = endpoints.createStream(BACKLOG_TABLE, 1);
      long writing = System.nanoTime();
      backlogStream.fill(backlog, BenchItems.BYTES);
      out.printf(
          "(backlog of %d written in %d ms)%n",
          backlog, Duration.ofNanos(System.nanoTime() - writing).toMillis());
      StreamFloor floor =
          new StreamFloor(
              clients.streams(), new FleetCensus(clients.dynamoDb(), clients.streams()));
      output.drain(
          new BacklogDrain(
                  clients,
                  workers,
                  floor,
                  backlogStream.streamArn(),
                  settings.pollInterval().toMillis(),
                  endpoints::dynamoDbCpuNanos)
              .measure(backlog, plan.drainRounds()));

      try (ShardScale scale =
          new ShardScale(
              endpoints,
              clients,
              floor,
              workers,
              pollIntervals.get(0),
              plan.recordsPerShard(),
              plan.writesPerSecond())) {
        for (int count : plan.shardCounts()) {
          output.scale(scale.measure(count));
        }
      }

      if (workerJar.isPresent()) {
        WorkerMemory.Figures memory =
            WorkerMemory.measure(
                workerJar.get(),
                endpoints.dynamoDb(),
                endpoints.streams(),
                backlogStream.streamArn(),
                backlog);
        String note = "worker process, " + String.join(" ", TaskSizedWorker.TASK_JVM);
        output.figure("memory, peak RSS while draining", memory.peakRssMb(), "MB", note);
        output.figure("memory, peak heap in use while draining", memory.peakHeapMb(), "MB", note);
        output.figure("memory, steady RSS (idle, caught up)", memory.steadyRssMb(), "MB", note);
        output.figure("memory, steady heap in use", memory.steadyHeapMb(), "MB", note);
      } else {
        out.println(
            "(memory not measured: no worker jar; ./mvnw -q -DskipTests package builds it)");
      }
    }
    return output.finish();
  }

  private record Started(WorkerAssembly worker, TimedSink sink, long millisToFirst) {}

  private Started startAndAwaitFirst(
      AwsClients clients, String streamArn, String workerId, long pollMillis)
      throws InterruptedException {
    long started = System.nanoTime();
    TimedSink sink = new TimedSink();
    WorkerAssembly worker =
        workers.start(
            clients, streamArn, APPLICATION, workerId, pollMillis, sink, new SimpleMeterRegistry());
    BenchWorkers.awaitUntil(() -> sink.count() > 0);
    return new Started(worker, sink, (sink.arrivals().get(0).nanos() - started) / 1_000_000);
  }
}
