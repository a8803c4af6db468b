package io.github.ddbstreamworker.kcl;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.ResolvedStream;
import io.github.ddbstreamworker.aws.TrimGapReportingStreamsClient;
import io.github.ddbstreamworker.config.WorkerSettings;
import io.github.ddbstreamworker.core.failure.BatchProcessor;
import io.github.ddbstreamworker.kcl.upstream.KclTables;
import io.github.ddbstreamworker.kcl.upstream.LeaseTableBootstrap;
import io.github.ddbstreamworker.kcl.upstream.SdkRecordAdapterClient;
import io.github.ddbstreamworker.metrics.WorkerMeters;
import io.github.ddbstreamworker.ops.Check;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;

/**
 * One running worker: a KCL scheduler on its own thread, consuming the configured stream into the
 * pipeline. Closing it shuts down gracefully: final checkpoints, then leases released.
 */
public final class StreamWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamWorker.class);

  /** ECS gives 30 s between SIGTERM and SIGKILL by default; leave time to release leases. */
  private static final Duration GRACEFUL_SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

  /** The KCL stops its lease threads right after the last processor's final checkpoint. */
  private static final Duration LEASE_THREADS_STOP_TIMEOUT = Duration.ofSeconds(5);

  /** How long a stopping process waits for the KCL's loop to end after {@link #close()}. */
  public static final Duration LOOP_END_WAIT = Duration.ofSeconds(3);

  /** The longest a graceful stop waits on the KCL; a container's stop timeout must exceed it. */
  public static final Duration LONGEST_GRACEFUL_STOP =
      GRACEFUL_SHUTDOWN_TIMEOUT.plus(LEASE_THREADS_STOP_TIMEOUT).plus(LOOP_END_WAIT);

  private final SchedulerFactory.Built built;
  private final SchedulerState state;
  private final DynamoDbAsyncClient leaseTables;
  private final OpenShards openShards;
  private final Duration stuckAfter;
  private final HaltedShards halts;
  private final String workerId;
  private final ResolvedStream stream;
  private final LeaseTable leaseTable;
  private final Thread schedulerThread;
  private final AtomicBoolean stopping;
  private volatile boolean closed;

  private StreamWorker(
      SchedulerFactory.Built built,
      SchedulerState state,
      DynamoDbAsyncClient leaseTables,
      OpenShards openShards,
      Duration stuckAfter,
      HaltedShards halts,
      String workerId,
      ResolvedStream stream,
      AtomicBoolean stopping) {
    this.built = built;
    this.stopping = stopping;
    this.state = state;
    this.leaseTables = leaseTables;
    this.openShards = openShards;
    this.stuckAfter = stuckAfter;
    this.halts = halts;
    this.workerId = workerId;
    this.stream = stream;
    this.leaseTable = new LeaseTable(built.leaseManagement());
    this.schedulerThread = new Thread(built.scheduler(), "kcl-scheduler");
  }

  /**
   * Starts consuming the stream.
   *
   * @param fromStart new shards start at their oldest record, whatever INITIAL_POSITION says
   * @param clock judges how long a shard has gone unread
   * @param checkpointers wraps each batch's checkpointer: a seam for tests of one that fails
   */
  public static StreamWorker start(
      WorkerSettings settings,
      AwsClients clients,
      ResolvedStream stream,
      boolean fromStart,
      BatchProcessor batches,
      WorkerMeters meters,
      Clock clock,
      UnaryOperator<RecordProcessorCheckpointer> checkpointers) {
    if (!stream.carriesNewImage()) {
      log.warn(
          "stream view type of table {} is {}: records carry no new image, so lines hold the keys"
              + " only; use NEW_IMAGE or NEW_AND_OLD_IMAGES to log whole items",
          stream.tableName(),
          stream.viewType());
    }
    // The stream drops records after 24 h, read or not: after a long stop, say what was lost.
    DynamoDbStreamsClient streams =
        new TrimGapReportingStreamsClient(
            clients.streams(), gap -> meters.trimmedGap(gap.shardId()));
    AmazonDynamoDBStreamsAdapterClient adapterClient =
        new SdkRecordAdapterClient(streams, streams.serviceClientConfiguration().region());
    OpenShards openShards = new OpenShards(clock);
    SchedulerState state = new SchedulerState();
    AtomicBoolean stopping = new AtomicBoolean();
    HaltedShards halts =
        new HaltedShards(
            meters,
            new LeaseHaltMarker(
                clients.leaseTables(),
                KclTables.leases(settings.applicationName()),
                settings.workerId(),
                clock));
    SchedulerFactory.Built built =
        SchedulerFactory.create(
            settings,
            state,
            stream.streamArn(),
            fromStart,
            adapterClient,
            clients.leaseTables(),
            clients.cloudWatch(),
            new ItemRecordProcessorFactory(
                batches,
                stream,
                openShards,
                meters,
                halts,
                stopping::get,
                settings.checkpointInterval(),
                checkpointers,
                new ShardStartTimes(
                    fromStart ? Optional.empty() : settings.startTime(),
                    clients.leaseTables(),
                    KclTables.leases(settings.applicationName()),
                    settings.workerId())),
            meters);
    LeaseTableBootstrap.prepare(built.leaseManagement(), built.stream());
    settings.startTime().ifPresent(start -> reportStartTime(start, fromStart, settings, clients));
    StreamWorker worker =
        new StreamWorker(
            built,
            state,
            clients.leaseTables(),
            openShards,
            ShardSilenceLimit.forPollInterval(settings.pollInterval()),
            halts,
            settings.workerId(),
            stream,
            stopping);
    worker.schedulerThread.start();
    LoggingEventBuilder started =
        log.atInfo()
            .addKeyValue("table", stream.tableName())
            .addKeyValue("streamArn", stream.streamArn())
            .addKeyValue("viewType", stream.viewType())
            .addKeyValue("fromStart", fromStart);
    settings.shown().forEach(started::addKeyValue);
    started.log("worker started");
    return worker;
  }

  /**
   * Says where INITIAL_TIMESTAMP does not apply: like any initial position it is for shards without
   * a checkpoint, and a new stream the worker follows is read from its start.
   */
  private static void reportStartTime(
      Instant start, boolean fromStart, WorkerSettings settings, AwsClients clients) {
    if (fromStart) {
      log.info("a new stream is read from its start: INITIAL_TIMESTAMP {} does not apply", start);
      return;
    }
    long checkpointed;
    try {
      checkpointed =
          ShardStartTimes.checkpointedWithoutStartTime(
              clients.dynamoDb(), KclTables.leases(settings.applicationName()));
    } catch (RuntimeException e) {
      log.warn("could not count the lease table's checkpoints: {}", e.toString());
      return;
    }
    if (checkpointed > 0) {
      log.atInfo()
          .addKeyValue("checkpointedShards", checkpointed)
          .log(
              "the lease table has checkpoints: those shards continue from them, and"
                  + " INITIAL_TIMESTAMP {} applies only to shards without one",
              start);
    } else {
      log.info("records created before {} are left out (INITIAL_TIMESTAMP)", start);
    }
  }

  /** The stream this worker consumes. */
  public ResolvedStream stream() {
    return stream;
  }

  /**
   * Alive: the scheduler runs, no shard it holds is halted after an unexpected exception, and none
   * has gone unread for longer than an idle shard does at this poll interval ({@link
   * ShardSilenceLimit}).
   */
  public Check health() {
    if (!schedulerThread.isAlive()) {
      return Check.failing("the KCL scheduler is not running");
    }
    List<String> halted = halts.reasons();
    if (!halted.isEmpty()) {
      return Check.failing(String.join("; ", halted));
    }
    List<String> silent = openShards.silentFor(stuckAfter);
    return silent.isEmpty()
        ? Check.passing()
        : Check.failing("no read for over " + stuckAfter.toSeconds() + " s on " + silent);
  }

  /** Ready: initialised, and holding leases or with none left for it to take. */
  public Check readiness() {
    if (!state.hasStarted()) {
      return Check.failing("the KCL scheduler is still initialising");
    }
    if (openShards.size() > 0 || !leaseTable.hasUnownedOpenShards()) {
      return Check.passing();
    }
    return Check.failing("shards without an owner wait for the KCL leader to assign them");
  }

  /**
   * Waits up to {@code timeout} for the KCL's loop to end after {@link #close()}, so that its
   * clients can be closed without cutting off its last reads; whether it ended.
   */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    schedulerThread.join(timeout.toMillis());
    return !schedulerThread.isAlive();
  }

  /** Whether the scheduler stopped without being asked to: it gave up initialising. */
  public boolean hasStoppedOnItsOwn() {
    return !schedulerThread.isAlive() && !closed;
  }

  /**
   * Graceful shutdown: every processor checkpoints, then this worker's leases are freed for other
   * workers. Returns without waiting for the KCL's loop, which lingers up to the failover time.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopping.set(true);
    long started = System.nanoTime();
    try {
      Scheduler scheduler = built.scheduler();
      Future<Boolean> shutdown = scheduler.startGracefulShutdown();
      if (!openShards.awaitEmpty(GRACEFUL_SHUTDOWN_TIMEOUT, shutdown::isDone)) {
        log.warn(
            "not every shard checkpointed within {}; those resume from their last checkpoint",
            GRACEFUL_SHUTDOWN_TIMEOUT);
      }
      // Leases may only be released, and the metrics row deleted, once the KCL no longer renews,
      // assigns or reports them.
      if (!state.awaitShutDown(LEASE_THREADS_STOP_TIMEOUT)) {
        scheduler.shutdown();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      int released = WorkerDeparture.leave(built.leaseManagement(), leaseTables, workerId);
      log.info(
          "worker stopped in {} ms; released {} lease(s)",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
          released);
    }
  }
}
