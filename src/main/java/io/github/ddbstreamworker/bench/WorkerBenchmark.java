package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.config.WorkerSettings;
import io.github.ddbstreamworker.kcl.StreamWorker;
import io.github.ddbstreamworker.local.DemoTable;
import io.github.ddbstreamworker.local.MotoServerProcess;
import io.github.ddbstreamworker.status.FleetCensus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Measures the worker on an embedded DynamoDB Local, in one run: cold and warm start to the first
 * record, end-to-end latency at several poll intervals, backlog drain beside the physical floor (a
 * bare GetRecords loop over the same records), and the memory of a worker process alone.
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

  public WorkerBenchmark(WorkerSettings settings, BenchPlan plan, PrintStream out) {
    this.settings = settings;
    this.plan = plan;
    this.out = out;
    this.workers = new BenchWorkers(settings);
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
    try (MotoServerProcess dynamoDbLocal = MotoServerProcess.start(0, Duration.ofSeconds(60));
        AwsClients clients = new AwsClients(AwsConnection.local(dynamoDbLocal.endpoint()))) {
      DemoTable.createIfMissing(clients.dynamoDb(), TABLE, StreamViewType.NEW_AND_OLD_IMAGES);
      out.printf(
          "max records %d; %d items at %d/s per poll interval; backlog %d records%n%n",
          settings.maxRecords(), plan.items(), plan.writesPerSecond(), backlog);

      put(clients, "cold");
      Started cold = startAndAwaitFirst(clients, "bench-a", pollIntervals.get(0));
      output.figure(
          "start-up to first record, cold (new lease table)", cold.millisToFirst, "ms", "");
      cold.worker.close();

      put(clients, "warm");
      Started warm = startAndAwaitFirst(clients, "bench-b", pollIntervals.get(0));
      output.figure(
          "start-up to first record, warm (existing leases)", warm.millisToFirst, "ms", "");
      for (int i = 0; i < pollIntervals.size(); i++) {
        long poll = pollIntervals.get(i);
        Started worker =
            i == 0 ? warm : startAndAwaitFirst(clients, "bench-poll-" + poll, poll, "poll-" + poll);
        Percentiles latency = latencyProbe.measure(worker.sink, id -> put(clients, id));
        String series = "poll " + poll + " ms";
        output.latencies(series, latency);
        output.figure("latency p50, " + series, latency.at(50), "ms", "");
        output.figure("latency p90, " + series, latency.at(90), "ms", "");
        output.figure("latency p99, " + series, latency.at(99), "ms", "");
        output.figure("latency max, " + series, latency.max(), "ms", "");
        worker.worker.close();
      }

      DemoTable.createIfMissing(
          clients.dynamoDb(), BACKLOG_TABLE, StreamViewType.NEW_AND_OLD_IMAGES);
      long writing = System.nanoTime();
      Backlog.write(clients.dynamoDb(), BACKLOG_TABLE, "backlog", backlog);
      out.printf(
          "(backlog of %d written in %d s)%n",
          backlog, Duration.ofNanos(System.nanoTime() - writing).toSeconds());
      String streamArn =
          clients
              .dynamoDb()
              .describeTable(request -> request.tableName(BACKLOG_TABLE))
              .table()
              .latestStreamArn();
      StreamFloor floor =
          new StreamFloor(
              clients.streams(), new FleetCensus(clients.dynamoDb(), clients.streams()));
      output.drain(
          new BacklogDrain(
                  clients,
                  workers,
                  floor,
                  BACKLOG_TABLE,
                  streamArn,
                  settings.pollInterval().toMillis())
              .measure(backlog, plan.drainRounds()));

      try (ShardScale scale =
          new ShardScale(
              workers, pollIntervals.get(0), plan.recordsPerShard(), plan.writesPerSecond())) {
        for (int count : plan.shardCounts()) {
          output.scale(scale.measure(count));
        }
      }

      if (workerJar.isPresent()) {
        WorkerMemory.Figures memory =
            WorkerMemory.measure(workerJar.get(), dynamoDbLocal.endpoint(), BACKLOG_TABLE, backlog);
        String note = "worker process, " + String.join(" ", WorkerMemory.TASK_JVM);
        output.figure("memory, peak RSS while draining", memory.peakRssMb(), "MB", note);
        output.figure("memory, peak heap in use while draining", memory.peakHeapMb(), "MB", note);
        output.figure("memory, steady RSS (idle, caught up)", memory.steadyRssMb(), "MB", note);
        output.figure("memory, steady heap in use", memory.steadyHeapMb(), "MB", note);
      } else {
        out.println("(memory not measured: run the shaded jar to measure a worker process)");
      }
    }
    return output.finish();
  }

  private record Started(StreamWorker worker, TimedSink sink, long millisToFirst) {}

  private Started startAndAwaitFirst(AwsClients clients, String workerId, long pollMillis)
      throws InterruptedException {
    long started = System.nanoTime();
    TimedSink sink = new TimedSink();
    StreamWorker worker =
        workers.start(
            clients, TABLE, APPLICATION, workerId, pollMillis, sink, new SimpleMeterRegistry());
    BenchWorkers.awaitUntil(() -> sink.count() > 0);
    return new Started(worker, sink, (sink.arrivals().get(0).nanos() - started) / 1_000_000);
  }

  /** As above, after writing one item for the new worker to find. */
  private Started startAndAwaitFirst(
      AwsClients clients, String workerId, long pollMillis, String firstItem)
      throws InterruptedException {
    put(clients, firstItem);
    return startAndAwaitFirst(clients, workerId, pollMillis);
  }

  private static void put(AwsClients clients, String id) {
    clients
        .dynamoDb()
        .putItem(
            request ->
                request
                    .tableName(TABLE)
                    .item(
                        Map.of(
                            DemoTable.KEY,
                            AttributeValue.fromS(id),
                            "payload",
                            AttributeValue.fromS("x".repeat(200)))));
  }
}
