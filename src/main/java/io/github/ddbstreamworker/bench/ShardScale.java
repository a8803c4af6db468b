package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.kcl.StreamWorker;
import io.github.ddbstreamworker.local.DemoTable;
import io.github.ddbstreamworker.local.MotoServerProcess;
import io.github.ddbstreamworker.metrics.MeterNames;
import io.github.ddbstreamworker.metrics.ShardMeters;
import io.github.ddbstreamworker.status.FleetCensus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * One worker as the number of shards it processes grows: its drain rate beside bare readers of the
 * same shards side by side, its latency at a steady write rate per shard, and the requests it
 * makes, GetRecords calls and checkpoints a second, which are what its cost grows with. Each shard
 * is the stream of its own table, combined into one stream by a {@link CombinedStreamsClient}.
 */
final class ShardScale implements AutoCloseable {

  /** What one shard count gave. */
  record Figures(
      int shards,
      double floorRecordsPerSecond,
      double workerRecordsPerSecond,
      Percentiles latency,
      double getRecordsPerSecond,
      double checkpointsPerSecond) {}

  private static final int SECONDS_OF_WRITES = 10;
  private static final Duration LINGER = Duration.ofSeconds(30);

  private final BenchWorkers workers;
  private final long pollMillis;
  private final int recordsPerShard;
  private final int writesPerSecondPerShard;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final List<StreamWorker> stopped = new ArrayList<>();

  ShardScale(
      BenchWorkers workers, long pollMillis, int recordsPerShard, int writesPerSecondPerShard) {
    this.workers = workers;
    this.pollMillis = pollMillis;
    this.recordsPerShard = recordsPerShard;
    this.writesPerSecondPerShard = writesPerSecondPerShard;
  }

  /**
   * Measures on a DynamoDB Local of its own: Local serves every request on one SQLite thread, which
   * slows as its database grows, so each shard count starts from an empty one.
   */
  Figures measure(int shards) throws Exception {
    MotoServerProcess dynamoDbLocal = MotoServerProcess.start(0, Duration.ofSeconds(60));
    opened.add(dynamoDbLocal);
    AwsConnection connection = AwsConnection.local(dynamoDbLocal.endpoint());
    AwsClients clients = new AwsClients(connection);
    opened.add(clients);
    List<String> tables = new ArrayList<>();
    List<String> streamArns = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      String table = "bench-scale-" + shards + "-" + i;
      DemoTable.createIfMissing(clients.dynamoDb(), table, StreamViewType.NEW_AND_OLD_IMAGES);
      Backlog.write(clients.dynamoDb(), table, "scale", recordsPerShard);
      tables.add(table);
      streamArns.add(
          clients
              .dynamoDb()
              .describeTable(request -> request.tableName(table))
              .table()
              .latestStreamArn());
    }
    AtomicReference<CombinedStreamsClient> combined = new AtomicReference<>();
    AwsClients combinedClients =
        new AwsClients(
            connection,
            streams -> {
              combined.set(new CombinedStreamsClient(streams, streamArns));
              return combined.get();
            });
    // Closed with the benchmark: a stopped worker's last reads may still be under way.
    opened.add(combinedClients);
    int records = shards * recordsPerShard;
    String streamArn = combined.get().combinedArn();
    StreamFloor floor =
        new StreamFloor(
            combinedClients.streams(),
            new FleetCensus(combinedClients.dynamoDb(), combinedClients.streams()));
    floor.readSideBySide(streamArn, records);
    long floorBefore = floor.readSideBySide(streamArn, records);

    TimedSink sink = new TimedSink();
    MeterRegistry registry = new SimpleMeterRegistry();
    String name = "bench-scale-" + shards;
    StreamWorker worker =
        workers.start(combinedClients, tables.get(0), name, name, pollMillis, sink, registry);
    double workerRate;
    Percentiles latency;
    double getRecordsPerSecond;
    double checkpointsPerSecond;
    try {
      BenchWorkers.awaitUntil(() -> sink.count() >= records);
      workerRate = BenchWorkers.rate(sink, records);

      long calls = combined.get().getRecordsCalls();
      double checkpoints = checkpointsWritten(registry);
      long started = System.nanoTime();
      int rate = writesPerSecondPerShard * shards;
      AtomicInteger next = new AtomicInteger();
      latency =
          new SteadyWrites(rate * SECONDS_OF_WRITES, rate)
              .measure(sink, id -> put(clients, tables.get(next.getAndIncrement() % shards), id));
      double seconds = (System.nanoTime() - started) / 1e9;
      getRecordsPerSecond = (combined.get().getRecordsCalls() - calls) / seconds;
      checkpointsPerSecond = (checkpointsWritten(registry) - checkpoints) / seconds;
    } finally {
      worker.close();
      stopped.add(worker);
    }
    long floorAfter = floor.readSideBySide(streamArn, records);
    double floorRate = records / ((floorBefore + floorAfter) / 2 / 1e9);
    return new Figures(
        shards, floorRate, workerRate, latency, getRecordsPerSecond, checkpointsPerSecond);
  }

  /** After the workers' loops, which linger after they stop, so no read finds a closed client. */
  @Override
  public void close() throws Exception {
    for (StreamWorker worker : stopped) {
      worker.awaitStopped(LINGER);
    }
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  private static void put(AwsClients clients, String table, String id) {
    clients.dynamoDb().putItem(request -> request.tableName(table).item(Backlog.item(id)));
  }

  private static double checkpointsWritten(MeterRegistry registry) {
    return registry
        .find(MeterNames.CHECKPOINTS)
        .tag(MeterNames.TAG_OUTCOME, ShardMeters.Outcome.WRITTEN.name().toLowerCase(Locale.ROOT))
        .counters()
        .stream()
        .mapToDouble(Counter::count)
        .sum();
  }
}
