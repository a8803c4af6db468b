package io.github.ddbstreamworker.app;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.SqsFailureDestination;
import io.github.ddbstreamworker.aws.StreamResolver;
import io.github.ddbstreamworker.config.Setting;
import io.github.ddbstreamworker.config.Settings;
import io.github.ddbstreamworker.config.WorkerSettings;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.ItemSink;
import io.github.ddbstreamworker.core.RecordFilter;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.core.StdoutSink;
import io.github.ddbstreamworker.core.failure.BatchProcessor;
import io.github.ddbstreamworker.core.failure.FailureDestination;
import io.github.ddbstreamworker.core.failure.FailureListener;
import io.github.ddbstreamworker.core.failure.LogOnlyDestination;
import io.github.ddbstreamworker.follow.LeaseLedger;
import io.github.ddbstreamworker.follow.StreamHistory;
import io.github.ddbstreamworker.follow.StreamPlan;
import io.github.ddbstreamworker.follow.StreamPlanner;
import io.github.ddbstreamworker.follow.StreamWatch;
import io.github.ddbstreamworker.kcl.LeaseWaitMarker;
import io.github.ddbstreamworker.kcl.StreamWorker;
import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import io.github.ddbstreamworker.metrics.FailureMeters;
import io.github.ddbstreamworker.metrics.MeterRegistries;
import io.github.ddbstreamworker.metrics.PipelineMeters;
import io.github.ddbstreamworker.metrics.SnapshotMeters;
import io.github.ddbstreamworker.metrics.WorkerMeters;
import io.github.ddbstreamworker.ops.Check;
import io.github.ddbstreamworker.ops.OperationsEndpoint;
import io.github.ddbstreamworker.snapshot.TableSnapshot;
import io.github.ddbstreamworker.status.FleetCensus;
import io.github.ddbstreamworker.status.FleetMeters;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;

/**
 * The running worker, assembled in this one place for {@code run}, {@code local}, the integration
 * tests and the benchmark: the pipeline into a sink, failure handling with its meters and the
 * lease-wait marker, the KCL worker, the fleet gauges and, when HTTP_PORT is set, the operations
 * endpoint, all recording into the registries the metrics settings ask for. With
 * INITIAL_POSITION=SNAPSHOT the table's snapshot runs first, into the same sink, and the KCL worker
 * starts once it is done.
 *
 * <p>Production is the default; each {@link Builder} method is a seam for what a test or the
 * benchmark must see or replace.
 */
public final class WorkerAssembly implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkerAssembly.class);
  private static final Duration FLEET_COUNT_PERIOD = Duration.ofMinutes(1);

  /** A disabled stream or a deleted table is noticed within this, well inside a minute. */
  private static final Duration STREAM_LOOK_INTERVAL = Duration.ofSeconds(30);

  private final Builder parts;
  private final MeterRegistries meters;
  private final BatchProcessor batches;
  private final WorkerMeters workerMeters;
  private volatile StreamPlan plan;
  private volatile StreamWorker worker;
  private volatile WorkerSettings workerSettings;
  private volatile String ended;
  private volatile String failed;
  private TableSnapshot snapshot;
  private FleetMeters fleet;
  private StreamFollower follower;
  private Optional<OperationsEndpoint> endpoint = Optional.empty();
  private boolean closed;

  private WorkerAssembly(
      Builder parts, MeterRegistries meters, BatchProcessor batches, WorkerMeters workerMeters) {
    this.parts = parts;
    this.meters = meters;
    this.batches = batches;
    this.workerMeters = workerMeters;
    this.workerSettings = parts.settings.worker();
  }

  /** A worker on these settings and clients, as production runs it until a seam is changed. */
  public static Builder of(Settings settings, AwsClients clients) {
    return new Builder(settings, clients);
  }

  /**
   * The KCL worker of the stream being consumed: its stream, health and readiness; null while a
   * snapshot (INITIAL_POSITION=SNAPSHOT) is scanned, before the stream is read.
   */
  public StreamWorker worker() {
    return worker;
  }

  /** Whether the stream is being read: false while a snapshot is scanned. */
  public boolean streaming() {
    return worker != null;
  }

  /** Why the worker cannot go on (a snapshot that failed); empty while it can. */
  public Optional<String> failure() {
    return Optional.ofNullable(failed);
  }

  /** Whether the KCL scheduler stopped without being asked to: it gave up initialising. */
  public boolean hasStoppedOnItsOwn() {
    StreamWorker current = worker;
    return current != null && current.hasStoppedOnItsOwn();
  }

  /** Ready, as {@link StreamWorker#readiness()} judges; ready while a snapshot is scanned. */
  public Check readiness() {
    StreamWorker current = worker;
    return current == null ? Check.passing() : current.readiness();
  }

  /** Why the worker, and the stream, are at an end; empty while there is a stream to consume. */
  public Optional<String> ended() {
    return Optional.ofNullable(ended);
  }

  /** Alive, as {@link StreamWorker#health()} judges; failing once the stream ended. */
  public Check health() {
    String reason = ended != null ? ended : failed;
    if (reason != null) {
      return Check.failing(reason);
    }
    StreamWorker current = worker;
    return current == null ? Check.passing() : current.health();
  }

  /** The port of /metrics, /health and /ready; empty without HTTP_PORT. */
  public OptionalInt httpPort() {
    return endpoint.map(served -> OptionalInt.of(served.port())).orElse(OptionalInt.empty());
  }

  /** The pipeline's counts of records by event name and outcome. */
  public EventCounts counts() {
    return parts.counts;
  }

  /**
   * Stops gracefully: final checkpoints and released leases, then a short wait for the KCL's loop,
   * whose last reads would fail, and log errors, against clients or a local endpoint closed under
   * them (it usually ends about 2 s after the stop); then the gauges, the endpoint and the
   * registries, which publish what CloudWatch has not been sent yet.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (snapshot != null) {
      snapshot.close();
    }
    if (follower != null) {
      follower.close();
    }
    if (worker != null) {
      worker.close();
      try {
        worker.awaitStopped(StreamWorker.LOOP_END_WAIT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (fleet != null) {
      fleet.close();
    }
    endpoint.ifPresent(OperationsEndpoint::close);
    meters.close();
  }

  private void startOn(StreamPlan next) {
    for (String shardId : next.finishedLeases()) {
      LeaseRows.deleteFinished(
          parts.clients.dynamoDb(), parts.settings.worker().applicationName(), shardId);
    }
    worker =
        StreamWorker.start(
            workerSettings,
            parts.clients,
            next.resolved(),
            next.fromStart(),
            batches,
            workerMeters,
            parts.clock,
            parts.checkpointerWrapper);
    plan = next;
  }

  /** The current stream is read to its end: stop on it gracefully, start on the next. */
  private synchronized void switchTo(StreamPlan next) {
    if (closed) {
      return;
    }
    worker.close();
    try {
      worker.awaitStopped(StreamWorker.LOOP_END_WAIT);
      startOn(next);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      end("the worker could not start on stream " + next.stream().streamArn() + ": " + e);
    }
  }

  /**
   * The stream after the snapshot: read from {@code start}, with the fleet gauges and the follower
   * of the table's stream as without one.
   */
  private synchronized void snapshotDone(Instant start, StreamPlan first) {
    if (closed) {
      return;
    }
    workerSettings = parts.settings.worker().startingStreamAt(start);
    try {
      startStreaming(first);
    } catch (RuntimeException e) {
      snapshotFailed("the worker could not start on the stream after the snapshot: " + e);
    }
  }

  private void snapshotFailed(String reason) {
    failed = reason;
  }

  private void startStreaming(StreamPlan first) {
    startOn(first);
    fleet =
        FleetMeters.start(
            new FleetCensus(parts.clients.dynamoDb(), parts.clients.streams()),
            () -> plan.stream().streamArn(),
            parts.settings.worker().applicationName(),
            parts.settings.worker().workerId(),
            meters.registry(),
            FLEET_COUNT_PERIOD);
    follower =
        StreamFollower.start(
            new StreamWatch(
                parts.settings.worker().source(), parts.history, parts.leases, parts.planner),
            parts.streamLookInterval,
            () -> plan,
            this::switchTo,
            this::end);
  }

  private void end(String reason) {
    ended = reason;
    log.atError().addKeyValue("error", "StreamEnded").log(reason);
  }

  /** The seams: what differs between production, the tests and the benchmark. */
  public static final class Builder {

    private final Settings settings;
    private final AwsClients clients;
    private ItemSink sink;
    private EventCounts counts = new EventCounts();
    private FailureDestination destination;
    private MeterRegistry alsoRecordInto;
    private Clock clock = Clock.systemUTC();
    private UnaryOperator<RecordFilter> filterWrapper = UnaryOperator.identity();
    private UnaryOperator<RecordProcessorCheckpointer> checkpointerWrapper =
        UnaryOperator.identity();
    private Duration streamLookInterval = STREAM_LOOK_INTERVAL;
    private ItemSink lines;
    private StreamHistory history;
    private Supplier<LeaseLedger> leases;
    private StreamPlanner planner;

    private Builder(Settings settings, AwsClients clients) {
      this.settings = settings;
      this.clients = clients;
    }

    /** Where item lines go; standard output unless set. */
    public Builder sink(ItemSink sink) {
      this.sink = sink;
      return this;
    }

    /** Counts the caller reads as they change (the event summary of {@code local}). */
    public Builder counts(EventCounts counts) {
      this.counts = counts;
      return this;
    }

    /** Replaces the destination FAILURE_QUEUE_URL names (or the log, without one). */
    public Builder failureDestination(FailureDestination destination) {
      this.destination = destination;
      return this;
    }

    /** A registry that also receives every meter, and stays open after the worker stops. */
    public Builder alsoRecordInto(MeterRegistry registry) {
      this.alsoRecordInto = registry;
      return this;
    }

    /** The clock for record ages, wait markers and how long a shard has gone unread. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How often the consumed stream is looked at, to notice it was disabled; 30 s unless set. */
    public Builder streamLookInterval(Duration interval) {
      this.streamLookInterval = interval;
      return this;
    }

    /** Wraps the FILTER_CRITERIA filter: for tests of a filter that throws. */
    Builder wrapFilter(UnaryOperator<RecordFilter> wrapper) {
      this.filterWrapper = wrapper;
      return this;
    }

    /** Wraps the KCL's checkpointer of every batch: for tests of a checkpointer that throws. */
    Builder wrapCheckpointer(UnaryOperator<RecordProcessorCheckpointer> wrapper) {
      this.checkpointerWrapper = wrapper;
      return this;
    }

    /**
     * Resolves the stream and starts consuming it; a start that fails leaves no worker running.
     *
     * @throws io.github.ddbstreamworker.aws.StreamNotFoundException if the table or stream is
     *     missing
     */
    public WorkerAssembly start() {
      lines = sink != null ? sink : StdoutSink.systemOut();
      MeterRegistries meters = new MeterRegistries(settings.metrics(), clients.cloudWatch());
      if (alsoRecordInto != null) {
        meters.alsoRecordInto(alsoRecordInto);
      }
      PipelineMeters.bind(counts, meters.registry());
      WorkerAssembly assembly =
          new WorkerAssembly(
              this,
              meters,
              batches(meters.registry()),
              new WorkerMeters(
                  meters.registry(), MetricsLevel.valueOf(settings.metrics().kclLevel().name())));
      history = new StreamHistory(clients.streams());
      leases = () -> LeaseLedger.read(clients.dynamoDb(), settings.worker().applicationName());
      planner =
          new StreamPlanner(
              history, leases, new StreamResolver(clients.dynamoDb(), clients.streams()));
      StreamPlan first;
      try {
        first = planner.plan(settings.worker().source());
        if (settings.worker().snapshot().isEmpty() || first.fromStart()) {
          assembly.startStreaming(first);
        }
      } catch (RuntimeException e) {
        if (assembly.worker != null) {
          assembly.close();
        } else {
          meters.close();
        }
        throw e;
      }
      try {
        assembly.endpoint = endpoint(meters, assembly);
        settings
            .worker()
            .snapshot()
            .filter(snapshotSettings -> assembly.worker == null)
            .ifPresent(
                snapshotSettings -> {
                  assembly.plan = first;
                  assembly.snapshot =
                      TableSnapshot.start(
                          snapshotSettings,
                          settings.worker().applicationName(),
                          settings.worker().workerId(),
                          Duration.ofMillis(settings.worker().get(Setting.FAILOVER_TIME_MS)),
                          clients.dynamoDb(),
                          first.resolved(),
                          new RecordPipeline(
                              filterWrapper.apply(settings.worker().filter()),
                              settings.worker().redaction(),
                              lines,
                              new EventCounts()),
                          new SnapshotMeters(meters.registry()),
                          clock,
                          start -> assembly.snapshotDone(start, first),
                          assembly::snapshotFailed);
                });
        return assembly;
      } catch (RuntimeException e) {
        assembly.close();
        throw e;
      }
    }

    private BatchProcessor batches(MeterRegistry registry) {
      FailureDestination failures = destination != null ? destination : configuredDestination();
      log.atInfo()
          .addKeyValue("destination", failures.name())
          .addKeyValue("maxRetryAttempts", settings.failures().policy().maxRetryAttempts())
          .addKeyValue(
              "maxRecordAgeSeconds",
              settings.failures().policy().maxRecordAge().map(Duration::toSeconds).orElse(-1L))
          .log("failing records are retried, then sent to the failure destination");
      return new BatchProcessor(
          new RecordPipeline(
              filterWrapper.apply(settings.worker().filter()),
              settings.worker().redaction(),
              lines,
              counts),
          settings.failures().policy(),
          failures,
          FailureListener.all(
              new FailureMeters(registry),
              new LeaseWaitMarker(
                  clients.leaseTables(),
                  settings.worker().applicationName(),
                  settings.worker().workerId(),
                  clock)),
          clock);
    }

    private FailureDestination configuredDestination() {
      return settings
          .failures()
          .failureQueueUrl()
          .<FailureDestination>map(url -> SqsFailureDestination.connect(clients.sqs(), url))
          .orElseGet(LogOnlyDestination::new);
    }

    private Optional<OperationsEndpoint> endpoint(MeterRegistries meters, WorkerAssembly assembly) {
      if (settings.metrics().httpPort().isEmpty()) {
        return Optional.empty();
      }
      OperationsEndpoint endpoint =
          OperationsEndpoint.start(
              settings.metrics().httpPort().getAsInt(),
              meters::scrape,
              assembly::health,
              assembly::readiness);
      log.info("serving /metrics, /health and /ready on port {}", endpoint.port());
      return Optional.of(endpoint);
    }
  }
}
