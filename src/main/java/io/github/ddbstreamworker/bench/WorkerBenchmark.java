package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.config.WorkerSettings;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.core.failure.BatchProcessor;
import io.github.ddbstreamworker.core.failure.FailureListener;
import io.github.ddbstreamworker.core.failure.FailurePolicy;
import io.github.ddbstreamworker.core.failure.LogOnlyDestination;
import io.github.ddbstreamworker.kcl.StreamWorker;
import io.github.ddbstreamworker.local.DemoTable;
import io.github.ddbstreamworker.local.EmbeddedDynamoDb;
import io.github.ddbstreamworker.metrics.WorkerMeters;
import io.github.ddbstreamworker.status.FleetCensus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Measures the worker on an embedded DynamoDB Local, in one run: cold and warm start to the first
 * record, end-to-end latency at several poll intervals, backlog drain beside the physical floor (a
 * bare GetRecords loop over the same records), and the memory of a worker process alone.
 */
public final class WorkerBenchmark {

  private static final Duration WAIT = Duration.ofMinutes(10);
  private static final Pattern ID = Pattern.compile("\"keys\":\\{\"id\":\"([^\"]+)\"");
  private static final String TABLE = "bench-items";
  private static final String BACKLOG_TABLE = "bench-backlog";
  private static final String APPLICATION = "bench";

  private final WorkerSettings settings;
  private final int items;
  private final int writesPerSecond;
  private final PrintStream out;

  public WorkerBenchmark(WorkerSettings settings, int items, int writesPerSecond, PrintStream out) {
    this.settings = settings;
    this.items = items;
    this.writesPerSecond = writesPerSecond;
    this.out = out;
  }

  /**
   * Runs everything and writes the figures, CSV and plots into {@code folder}.
   *
   * @param pollIntervals the latency is measured at each, in this order
   * @param backlog records in the stream for the drain figures
   * @param workerJar the shaded jar to start a worker process from, for the memory figures
   */
  public Path run(Path folder, List<Long> pollIntervals, int backlog, Optional<Path> workerJar)
      throws Exception {
    BenchOutput output = new BenchOutput(folder, out);
    double floorRate;
    double workerRate;
    try (EmbeddedDynamoDb dynamoDbLocal = EmbeddedDynamoDb.startInMemory();
        AwsClients clients = new AwsClients(AwsConnection.local(dynamoDbLocal.endpoint()))) {
      DemoTable.createIfMissing(clients.dynamoDb(), TABLE, StreamViewType.NEW_AND_OLD_IMAGES);
      out.printf(
          "max records %d; %d items at %d/s per poll interval; backlog %d records%n%n",
          settings.maxRecords(), items, writesPerSecond, backlog);

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
        Percentiles latency = measureLatency(clients, worker.sink);
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
      // A first pass warms DynamoDB Local's and the client's code; then the floor before and
      // after the worker, so a change in the machine's load shows.
      StreamFloor floor =
          new StreamFloor(
              clients.streams(), new FleetCensus(clients.dynamoDb(), clients.streams()));
      floor.read(streamArn, backlog);
      double floorBefore = backlog / (floor.read(streamArn, backlog) / 1e9);
      workerRate = drain(clients, backlog);
      double floorAfter = backlog / (floor.read(streamArn, backlog) / 1e9);
      floorRate = (floorBefore + floorAfter) / 2;
      output.figure(
          "drain, floor (bare GetRecords loop)",
          floorRate,
          "records/s",
          String.format(
              Locale.ROOT, "mean of %.0f before and %.0f after", floorBefore, floorAfter));
      output.figure(
          "drain, worker",
          workerRate,
          "records/s",
          String.format(Locale.ROOT, "%.0f %% of the floor", 100 * workerRate / floorRate));

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
    return output.finish(floorRate, workerRate);
  }

  /** Records per second from the first line to the last, start-up left out. */
  private double drain(AwsClients clients, int backlog) throws InterruptedException {
    TimedSink sink = new TimedSink();
    StreamWorker worker =
        StreamWorker.start(
            settingsFor(
                BACKLOG_TABLE, "bench-drain", "bench-drain", settings.pollInterval().toMillis()),
            clients,
            batches(sink),
            new WorkerMeters(new SimpleMeterRegistry()));
    try {
      awaitUntil(() -> sink.count() >= backlog);
    } finally {
      worker.close();
    }
    List<TimedSink.Arrival> arrivals = sink.arrivals();
    long nanos = arrivals.get(backlog - 1).nanos() - arrivals.get(0).nanos();
    return (backlog - 1) / (nanos / 1e9);
  }

  private Percentiles measureLatency(AwsClients clients, TimedSink sink)
      throws InterruptedException {
    Map<String, Long> written = new ConcurrentHashMap<>();
    int before = sink.count();
    long intervalNanos = 1_000_000_000L / writesPerSecond;
    long next = System.nanoTime();
    for (int i = 0; i < items; i++) {
      String id = "latency-" + UUID.randomUUID();
      written.put(id, System.nanoTime());
      put(clients, id);
      next += intervalNanos;
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
      }
    }
    awaitUntil(() -> sink.count() >= before + items);
    List<Double> latencies = new ArrayList<>();
    for (TimedSink.Arrival arrival : sink.arrivals()) {
      Matcher id = ID.matcher(arrival.line());
      if (id.find() && written.containsKey(id.group(1))) {
        latencies.add((arrival.nanos() - written.get(id.group(1))) / 1e6);
      }
    }
    return Percentiles.of(latencies);
  }

  private record Started(StreamWorker worker, TimedSink sink, long millisToFirst) {}

  private Started start(AwsClients clients, String workerId, long pollMillis) {
    TimedSink sink = new TimedSink();
    StreamWorker worker =
        StreamWorker.start(
            settingsFor(TABLE, APPLICATION, workerId, pollMillis),
            clients,
            batches(sink),
            new WorkerMeters(new SimpleMeterRegistry()));
    return new Started(worker, sink, -1);
  }

  private BatchProcessor batches(TimedSink sink) {
    return new BatchProcessor(
        new RecordPipeline(settings.filter(), sink, new EventCounts()),
        FailurePolicy.defaults(),
        new LogOnlyDestination(),
        FailureListener.NONE,
        Clock.systemUTC());
  }

  private Started startAndAwaitFirst(AwsClients clients, String workerId, long pollMillis)
      throws InterruptedException {
    long started = System.nanoTime();
    Started worker = start(clients, workerId, pollMillis);
    awaitUntil(() -> worker.sink.count() > 0);
    return new Started(
        worker.worker, worker.sink, (worker.sink.arrivals().get(0).nanos() - started) / 1_000_000);
  }

  /** As above, after writing one item for the new worker to find. */
  private Started startAndAwaitFirst(
      AwsClients clients, String workerId, long pollMillis, String firstItem)
      throws InterruptedException {
    put(clients, firstItem);
    return startAndAwaitFirst(clients, workerId, pollMillis);
  }

  private WorkerSettings settingsFor(
      String table, String application, String workerId, long pollMillis) {
    Map<String, String> values = new HashMap<>();
    values.put("TABLE_NAME", table);
    values.put("APPLICATION_NAME", application);
    values.put("WORKER_ID", workerId);
    values.put("POLL_INTERVAL_MS", Long.toString(pollMillis));
    values.put("MAX_RECORDS", Integer.toString(settings.maxRecords()));
    return WorkerSettings.from(values::get);
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

  private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the worker did not deliver within " + WAIT);
      }
      Thread.sleep(5);
    }
  }
}
