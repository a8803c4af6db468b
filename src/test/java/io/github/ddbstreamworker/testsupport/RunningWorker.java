package io.github.ddbstreamworker.testsupport;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.config.FailureSettings;
import io.github.ddbstreamworker.config.MetricsSettings;
import io.github.ddbstreamworker.config.WorkerSettings;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.ItemSink;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.core.failure.BatchProcessor;
import io.github.ddbstreamworker.core.failure.FailureDestination;
import io.github.ddbstreamworker.core.failure.FailureListener;
import io.github.ddbstreamworker.core.failure.LogOnlyDestination;
import io.github.ddbstreamworker.kcl.LeaseWaitMarker;
import io.github.ddbstreamworker.kcl.StreamWorker;
import io.github.ddbstreamworker.metrics.FailureMeters;
import io.github.ddbstreamworker.metrics.PipelineMeters;
import io.github.ddbstreamworker.metrics.WorkerMeters;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.kinesis.metrics.MetricsLevel;

/** A real worker (KCL scheduler, adapter, moto_server) writing into a {@link RecordingSink}. */
public final class RunningWorker implements AutoCloseable {

  private final AwsClients clients;
  private final StreamWorker worker;
  private final RecordingSink sink;
  private final EventCounts counts;
  private final MeterRegistry meters;

  private RunningWorker(
      AwsClients clients,
      StreamWorker worker,
      RecordingSink sink,
      EventCounts counts,
      MeterRegistry meters) {
    this.clients = clients;
    this.worker = worker;
    this.sink = sink;
    this.counts = counts;
    this.meters = meters;
  }

  /** Starts a worker on the table's stream; extra settings override the test defaults. */
  public static RunningWorker start(
      String table, String workerId, Map<String, String> extraSettings) {
    return start(table, workerId, extraSettings, new SimpleMeterRegistry());
  }

  /** As above, recording into the given registry. */
  public static RunningWorker start(
      String table, String workerId, Map<String, String> extraSettings, MeterRegistry meters) {
    return start(
        table, workerId, extraSettings, meters, new LogOnlyDestination(), UnaryOperator.identity());
  }

  /**
   * As above, handing failures to the given destination; {@code sinkWrapper} may wrap the recording
   * sink, for a test that makes some lines fail.
   */
  public static RunningWorker start(
      String table,
      String workerId,
      Map<String, String> extraSettings,
      MeterRegistry meters,
      FailureDestination destination,
      UnaryOperator<ItemSink> sinkWrapper) {
    Map<String, String> settings = new HashMap<>();
    settings.put("TABLE_NAME", table);
    settings.put("WORKER_ID", workerId);
    settings.putAll(extraSettings);
    return start(settings, MotoDynamoDb.newClients(), meters, destination, sinkWrapper);
  }

  /**
   * A worker on a stream of the simulator, reached as a worker reaches AWS (its streams client's
   * endpoint), with its lease tables on the shared moto_server.
   */
  public static RunningWorker onSimulatedStream(
      StreamSimulator simulator,
      String streamArn,
      String workerId,
      Map<String, String> extraSettings,
      MeterRegistry meters) {
    Map<String, String> settings = new HashMap<>();
    settings.put("STREAM_ARN", streamArn);
    settings.put("WORKER_ID", workerId);
    settings.putAll(extraSettings);
    return start(
        settings,
        MotoDynamoDb.newClientsReadingStreamsAt(simulator.endpoint()),
        meters,
        new LogOnlyDestination(),
        UnaryOperator.identity());
  }

  public static RunningWorker onSimulatedStream(
      StreamSimulator simulator, String streamArn, String workerId, Map<String, String> extra) {
    return onSimulatedStream(simulator, streamArn, workerId, extra, new SimpleMeterRegistry());
  }

  private static RunningWorker start(
      Map<String, String> settings,
      AwsClients clients,
      MeterRegistry meters,
      FailureDestination destination,
      UnaryOperator<ItemSink> sinkWrapper) {
    RecordingSink sink = new RecordingSink();
    EventCounts counts = new EventCounts();
    WorkerSettings workerSettings = WorkerSettings.from(settings::get);
    PipelineMeters.bind(counts, meters);
    StreamWorker worker =
        StreamWorker.start(
            workerSettings,
            clients,
            new BatchProcessor(
                new RecordPipeline(
                    workerSettings.filter(),
                    workerSettings.redaction(),
                    sinkWrapper.apply(sink),
                    counts),
                FailureSettings.from(settings::get).policy(),
                destination,
                FailureListener.all(
                    new FailureMeters(meters),
                    new LeaseWaitMarker(
                        clients.leaseTables(),
                        workerSettings.applicationName(),
                        workerSettings.workerId(),
                        Clock.systemUTC())),
                Clock.systemUTC()),
            new WorkerMeters(
                meters,
                MetricsLevel.valueOf(MetricsSettings.from(settings::get).kclLevel().name())));
    return new RunningWorker(clients, worker, sink, counts, meters);
  }

  public static RunningWorker start(String table, String workerId) {
    return start(table, workerId, Map.of());
  }

  public RecordingSink sink() {
    return sink;
  }

  public EventCounts counts() {
    return counts;
  }

  public MeterRegistry meters() {
    return meters;
  }

  public StreamWorker worker() {
    return worker;
  }

  @Override
  public void close() {
    try {
      worker.close();
    } finally {
      clients.close();
    }
  }
}
