package io.github.ddbstreamworker.kcl;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.LocalArnTranslatingStreamsClient;
import io.github.ddbstreamworker.aws.ResolvedStream;
import io.github.ddbstreamworker.aws.StreamResolver;
import io.github.ddbstreamworker.config.WorkerSettings;
import io.github.ddbstreamworker.core.RecordPipeline;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.kinesis.coordinator.Scheduler;

/**
 * One running worker: a KCL scheduler on its own thread, consuming the configured stream into the
 * pipeline. Closing it shuts down gracefully: final checkpoints, then leases released.
 */
public final class StreamWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamWorker.class);
  /** ECS gives 30 s between SIGTERM and SIGKILL by default; leave time to release leases. */
  private static final Duration GRACEFUL_SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

  private final SchedulerFactory.Built built;
  private final String workerId;
  private final ResolvedStream stream;
  private final Thread schedulerThread;
  private boolean closed;

  private StreamWorker(SchedulerFactory.Built built, String workerId, ResolvedStream stream) {
    this.built = built;
    this.workerId = workerId;
    this.stream = stream;
    this.schedulerThread = new Thread(built.scheduler(), "kcl-scheduler");
  }

  /**
   * Resolves the stream, then starts consuming it.
   *
   * @throws io.github.ddbstreamworker.aws.StreamNotFoundException if the table or stream is missing
   */
  public static StreamWorker start(
      WorkerSettings settings, AwsClients clients, RecordPipeline pipeline) {
    ResolvedStream stream =
        new StreamResolver(clients.dynamoDb(), clients.streams()).resolve(settings.source());
    if (!stream.carriesNewImage()) {
      log.warn(
          "stream view type of table {} is {}: records carry no new image, so lines hold the keys"
              + " only; use NEW_IMAGE or NEW_AND_OLD_IMAGES to log whole items",
          stream.tableName(),
          stream.viewType());
    }
    DynamoDbStreamsClient streamsClient = clients.streams();
    String adapterArn = stream.streamArn();
    if (LocalArnTranslatingStreamsClient.isLocalArn(stream.streamArn())) {
      LocalArnTranslatingStreamsClient translating =
          new LocalArnTranslatingStreamsClient(
              clients.streams(), clients.streams().serviceClientConfiguration().region());
      adapterArn = translating.toAdapterArn(stream.streamArn());
      streamsClient = translating;
    }
    AmazonDynamoDBStreamsAdapterClient adapterClient =
        new AmazonDynamoDBStreamsAdapterClient(
            streamsClient, clients.streams().serviceClientConfiguration().region());
    SchedulerFactory.Built built =
        SchedulerFactory.create(
            settings,
            adapterArn,
            adapterClient,
            clients.leaseTables(),
            clients.cloudWatch(),
            new ItemRecordProcessorFactory(pipeline, stream.tableName()));
    LeaseTableBootstrap.prepare(built.leaseManagement(), built.stream());
    StreamWorker worker = new StreamWorker(built, settings.workerId(), stream);
    worker.schedulerThread.start();
    log.atInfo()
        .addKeyValue("table", stream.tableName())
        .addKeyValue("streamArn", stream.streamArn())
        .addKeyValue("applicationName", settings.applicationName())
        .addKeyValue("workerId", settings.workerId())
        .addKeyValue("initialPosition", settings.initialPosition())
        .addKeyValue("pollIntervalMs", settings.pollInterval().toMillis())
        .addKeyValue("maxRecords", settings.maxRecords())
        .log("worker started");
    return worker;
  }

  public ResolvedStream stream() {
    return stream;
  }

  /** Waits until the scheduler stops, on its own or through {@link #close()}. */
  public void awaitTermination() throws InterruptedException {
    schedulerThread.join();
  }

  public boolean isRunning() {
    return schedulerThread.isAlive();
  }

  /** Graceful shutdown: processors checkpoint, the scheduler stops, this worker's leases are freed. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Scheduler scheduler = built.scheduler();
    long started = System.nanoTime();
    try {
      boolean complete =
          scheduler
              .startGracefulShutdown()
              .get(GRACEFUL_SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (!complete) {
        log.warn("graceful shutdown did not complete; unfinished shards resume from their last checkpoint");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      log.warn("graceful shutdown timed out after {}; stopping now", GRACEFUL_SHUTDOWN_TIMEOUT);
      scheduler.shutdown();
    } catch (Exception e) {
      log.warn("graceful shutdown failed; stopping now: {}", e.toString());
      scheduler.shutdown();
    }
    int released = LeaseRelease.releaseAll(built.leaseManagement(), workerId);
    log.info(
        "worker stopped in {} ms; released {} lease(s)",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        released);
  }
}
