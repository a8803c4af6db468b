package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.app.WorkerAssembly;
import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.kcl.StreamWorker;
import io.github.ddbstreamworker.metrics.MeterNames;
import io.github.ddbstreamworker.metrics.ShardMeters;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One worker as the number of shards it processes grows: its drain rate beside bare readers of the
 * same shards side by side, its latency at a steady write rate per shard, and the requests it
 * makes, GetRecords calls (as the simulator answered them) and checkpoints a second, which are what
 * its cost grows with. Each shard count is one simulated stream with that many shards.
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

  private final BenchEndpoints endpoints;
  private final AwsClients clients;
  private final StreamFloor floor;
  private final BenchWorkers workers;
  private final long pollMillis;
  private final int recordsPerShard;
  private final int writesPerSecondPerShard;
  private final List<StreamWorker> stopped = new ArrayList<>();

  /**
   * @param clients the worker's, closed after this
   */
  ShardScale(
      BenchEndpoints endpoints,
      AwsClients clients,
      StreamFloor floor,
      BenchWorkers workers,
      long pollMillis,
      int recordsPerShard,
      int writesPerSecondPerShard) {
    this.endpoints = endpoints;
    this.clients = clients;
    this.floor = floor;
    this.workers = workers;
    this.pollMillis = pollMillis;
    this.recordsPerShard = recordsPerShard;
    this.writesPerSecondPerShard = writesPerSecondPerShard;
  }

  Figures measure(int shards) throws Exception {
    String name = "bench-scale-" + shards;
    SimulatedStream stream = endpoints.createStream(name, shards);
    stream.fill(recordsPerShard, BenchItems.BYTES);
    int records = shards * recordsPerShard;
    String streamArn = stream.streamArn();
    floor.readSideBySide(streamArn, records);
    long floorBefore = floor.readSideBySide(streamArn, records);

    TimedSink sink = new TimedSink();
    MeterRegistry registry = new SimpleMeterRegistry();
    WorkerAssembly worker =
        workers.start(clients, streamArn, name, name, pollMillis, sink, registry);
    double workerRate;
    Percentiles latency;
    double getRecordsPerSecond;
    double checkpointsPerSecond;
    try {
      BenchWorkers.awaitUntil(() -> sink.count() >= records);
      workerRate = BenchWorkers.rate(sink, records);

      // The worker under test is the only reader now: the floor waits, earlier workers stopped.
      long calls = endpoints.getRecordsAnswered();
      double checkpoints = checkpointsWritten(registry);
      long started = System.nanoTime();
      // The ids are random, so each shard takes the per-shard rate on average, as a table's do.
      int rate = writesPerSecondPerShard * shards;
      latency =
          new SteadyWrites(rate * SECONDS_OF_WRITES, rate)
              .measure(sink, id -> stream.insert(BenchItems.item(id)).createdNanoTime());
      double seconds = (System.nanoTime() - started) / 1e9;
      getRecordsPerSecond = (endpoints.getRecordsAnswered() - calls) / seconds;
      checkpointsPerSecond = (checkpointsWritten(registry) - checkpoints) / seconds;
    } finally {
      worker.close();
      stopped.add(worker.worker());
    }
    long floorAfter = floor.readSideBySide(streamArn, records);
    double floorRate = records / ((floorBefore + floorAfter) / 2 / 1e9);
    return new Figures(
        shards, floorRate, workerRate, latency, getRecordsPerSecond, checkpointsPerSecond);
  }

  /**
   * Waits for the workers' loops, which linger after they stop, so that no read finds the clients
   * closed.
   */
  @Override
  public void close() throws Exception {
    for (StreamWorker worker : stopped) {
      worker.awaitStopped(LINGER);
    }
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
