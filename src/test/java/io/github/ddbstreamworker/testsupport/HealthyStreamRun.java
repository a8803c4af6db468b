package io.github.ddbstreamworker.testsupport;

import ch.qos.logback.classic.Level;
import io.github.ddbstreamworker.app.WorkerAssembly;
import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.config.Settings;
import io.github.ddbstreamworker.simulator.AnswerCounts;
import io.github.ddbstreamworker.simulator.LoadSpec;
import io.github.ddbstreamworker.simulator.SimulatedShard;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.simulator.SimulatorOptions;
import io.github.ddbstreamworker.simulator.SteadyLoad;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.github.ddbstreamworker.simulator.StreamSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * One worker on a healthy simulated stream under steady load, for a while: many shards, rollovers
 * every {@code rolloverPeriod}, a split every {@code splitEvery}, the lease tables wherever the
 * given clients point. Afterwards it says what the worker logged, how often it listed the stream's
 * shards, and what it lost or repeated.
 */
public final class HealthyStreamRun implements AutoCloseable {

  /** How the stream is shaped and loaded. */
  public record Shape(
      int shards, double recordsPerSecondPerShard, Duration rolloverPeriod, Duration splitEvery) {}

  /** What a run showed; listings and child-shard queries are per whole minute of the run. */
  public record Report(
      Duration ran,
      int shardsAtStart,
      int shardsAtEnd,
      int splits,
      long written,
      long lines,
      long lost,
      long repeated,
      Map<CapturedLog.Cause, Integer> errors,
      Map<CapturedLog.Cause, Integer> warnings,
      List<Long> listingsPerMinute,
      List<Long> childShardQueriesPerMinute,
      long incompleteHashRangeLines) {}

  private static final Duration DRAIN_WAIT = Duration.ofMinutes(2);

  private final Shape shape;
  private final StreamSimulator simulator;
  private final SimulatedStream stream;
  private final CapturedLog log;
  private final SequenceSink sink = new SequenceSink();
  private final AwsClients clients;
  private final WorkerAssembly worker;
  private final SteadyLoad load;
  private final long startedNanos = System.nanoTime();
  private int splits;

  private HealthyStreamRun(
      Shape shape,
      String name,
      CapturedLog log,
      Function<URI, AwsClients> clientsReadingStreamsAt) {
    this.shape = shape;
    this.log = log;
    this.simulator =
        StreamSimulator.start(
            SimulatorOptions.defaults().withRolloverPeriod(shape.rolloverPeriod()));
    this.stream =
        simulator.createStream(
            StreamSpec.of(name, "id", StreamViewType.NEW_AND_OLD_IMAGES)
                .withShards(shape.shards()));
    this.load = stream.steadyLoad(LoadSpec.perShard(shape.recordsPerSecondPerShard()));
    this.clients = clientsReadingStreamsAt.apply(simulator.endpoint());
    Map<String, String> settings = new HashMap<>();
    settings.put("STREAM_ARN", stream.streamArn());
    settings.put("APPLICATION_NAME", name);
    settings.put("WORKER_ID", name + "-worker");
    this.worker = WorkerAssembly.of(Settings.from(settings::get), clients).sink(sink).start();
  }

  /**
   * Starts the stream, its load and a worker; {@code log} should be capturing already, so that the
   * worker's start-up lines count too.
   */
  public static HealthyStreamRun start(
      Shape shape,
      String name,
      CapturedLog log,
      Function<URI, AwsClients> clientsReadingStreamsAt) {
    return new HealthyStreamRun(shape, name, log, clientsReadingStreamsAt);
  }

  /**
   * Keeps the load on for {@code duration}, splitting an open shard every {@code splitEvery} and
   * telling {@code progress} about each minute.
   */
  public void runFor(Duration duration, Consumer<String> progress) throws InterruptedException {
    long end = startedNanos + duration.toNanos();
    long nextSplit = startedNanos + shape.splitEvery().toNanos();
    long nextMinute = startedNanos + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < end) {
      long now = System.nanoTime();
      if (now >= nextSplit) {
        splitOneOpenShard();
        nextSplit += shape.splitEvery().toNanos();
      }
      if (now >= nextMinute) {
        progress.accept(minuteLine(now));
        nextMinute += Duration.ofMinutes(1).toNanos();
      }
      Thread.sleep(Math.max(1, Math.min(200, (end - System.nanoTime()) / 1_000_000)));
    }
  }

  /** Stops the load, waits until every record written is logged (or two minutes), and reports. */
  public Report finish() throws InterruptedException {
    Duration ran = Duration.ofNanos(System.nanoTime() - startedNanos);
    List<Long> listings = perMinute("DescribeStream");
    List<Long> childQueries = perMinute(AnswerCounts.CHILD_SHARDS_QUERY);
    load.close();
    long written = stream.shards().stream().mapToLong(SimulatedShard::recordCount).sum();
    long deadline = System.nanoTime() + DRAIN_WAIT.toNanos();
    while (sink.distinct() < written && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    worker.close();
    Map<CapturedLog.Cause, Integer> errors = log.countsAt(Level.ERROR);
    Map<CapturedLog.Cause, Integer> warnings = log.countsAt(Level.WARN);
    List<Long> fullListings = new ArrayList<>();
    for (int i = 0; i < listings.size(); i++) {
      fullListings.add(listings.get(i) - childQueries.get(i));
    }
    return new Report(
        ran,
        shape.shards(),
        stream.shards().size(),
        splits,
        written,
        sink.lines(),
        written - sink.distinct(),
        sink.repeated(),
        errors,
        warnings,
        fullListings,
        childQueries,
        log.containing("Incomplete hash range").size());
  }

  /** The sequence numbers this run logged so far, for a test that waits on them. */
  public SequenceSink sink() {
    return sink;
  }

  public SimulatedStream stream() {
    return stream;
  }

  public StreamSimulator simulator() {
    return simulator;
  }

  private final List<long[]> minuteSamples = new ArrayList<>();

  private String minuteLine(long now) {
    long listings = simulator.answers().of("DescribeStream");
    long children = simulator.answers().of(AnswerCounts.CHILD_SHARDS_QUERY);
    minuteSamples.add(new long[] {listings, children});
    return String.format(
        "minute %d: %d shards, %d written, %d logged, %d ERROR and %d WARN lines so far,"
            + " DescribeStream %d (child-shard queries %d)",
        minuteSamples.size(),
        stream.shards().size(),
        load.written(),
        sink.lines(),
        log.at(Level.ERROR).size(),
        log.at(Level.WARN).size(),
        listings,
        children);
  }

  /** Calls answered in each whole minute sampled so far, from {@code DescribeStream} counts. */
  private List<Long> perMinute(String operation) {
    int column = AnswerCounts.CHILD_SHARDS_QUERY.equals(operation) ? 1 : 0;
    List<Long> counts = new ArrayList<>();
    long before = 0;
    for (long[] sample : minuteSamples) {
      counts.add(sample[column] - before);
      before = sample[column];
    }
    return counts;
  }

  private void splitOneOpenShard() {
    stream.shards().stream()
        .filter(SimulatedShard::open)
        .findFirst()
        .ifPresent(
            shard -> {
              stream.split(shard.shardId());
              splits++;
            });
  }

  @Override
  public void close() {
    try {
      load.close();
      worker.close();
    } finally {
      try {
        clients.close();
      } finally {
        simulator.close();
      }
    }
  }
}
