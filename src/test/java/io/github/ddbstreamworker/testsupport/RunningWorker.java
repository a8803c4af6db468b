package io.github.ddbstreamworker.testsupport;

import io.github.ddbstreamworker.app.WorkerAssembly;
import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.config.Settings;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.ItemSink;
import io.github.ddbstreamworker.core.failure.FailureDestination;
import io.github.ddbstreamworker.kcl.StreamWorker;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The production worker ({@link WorkerAssembly}, as {@code run} starts it) on moto_server or the
 * stream simulator, writing into a {@link RecordingSink} and recording into the test's registry.
 */
public final class RunningWorker implements AutoCloseable {

  private final AwsClients clients;
  private final WorkerAssembly assembly;
  private final RecordingSink sink;
  private final MeterRegistry meters;

  private RunningWorker(
      AwsClients clients, WorkerAssembly assembly, RecordingSink sink, MeterRegistry meters) {
    this.clients = clients;
    this.assembly = assembly;
    this.sink = sink;
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
        onTable(table, workerId, extraSettings),
        MotoDynamoDb.newClients(),
        meters,
        Optional.empty(),
        UnaryOperator.identity(),
        UnaryOperator.identity());
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
    return start(
        onTable(table, workerId, extraSettings),
        MotoDynamoDb.newClients(),
        meters,
        Optional.of(destination),
        sinkWrapper,
        UnaryOperator.identity());
  }

  /**
   * As above, with the failure destination of the settings and the assembly's seams changed by the
   * test (a fault test's throwing filter or checkpointer) before it starts.
   */
  public static RunningWorker start(
      String table,
      String workerId,
      Map<String, String> extraSettings,
      MeterRegistry meters,
      UnaryOperator<ItemSink> sinkWrapper,
      UnaryOperator<WorkerAssembly.Builder> seams) {
    return start(
        onTable(table, workerId, extraSettings),
        MotoDynamoDb.newClients(),
        meters,
        Optional.empty(),
        sinkWrapper,
        seams);
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
        Optional.empty(),
        UnaryOperator.identity(),
        UnaryOperator.identity());
  }

  /**
   * As above, judging time by {@code clock}, a clock the test may move; {@code sinkWrapper} may
   * wrap the recording sink, for a test that holds some lines back.
   */
  public static RunningWorker onSimulatedStream(
      StreamSimulator simulator,
      String streamArn,
      String workerId,
      Map<String, String> extraSettings,
      Clock clock,
      UnaryOperator<ItemSink> sinkWrapper) {
    Map<String, String> settings = new HashMap<>();
    settings.put("STREAM_ARN", streamArn);
    settings.put("WORKER_ID", workerId);
    settings.putAll(extraSettings);
    return start(
        settings,
        MotoDynamoDb.newClientsReadingStreamsAt(simulator.endpoint()),
        new SimpleMeterRegistry(),
        Optional.empty(),
        sinkWrapper,
        assembly -> assembly.clock(clock));
  }

  public static RunningWorker onSimulatedStream(
      StreamSimulator simulator, String streamArn, String workerId, Map<String, String> extra) {
    return onSimulatedStream(simulator, streamArn, workerId, extra, new SimpleMeterRegistry());
  }

  /**
   * A worker on the simulator's streams with exactly these settings (STREAM_ARN or TABLE_NAME among
   * them), the assembly's seams changed by the test.
   */
  public static RunningWorker onSimulator(
      StreamSimulator simulator,
      Map<String, String> settings,
      UnaryOperator<WorkerAssembly.Builder> seams) {
    return start(
        settings,
        MotoDynamoDb.newClientsReadingStreamsAt(simulator.endpoint()),
        new SimpleMeterRegistry(),
        Optional.empty(),
        UnaryOperator.identity(),
        seams);
  }

  public static RunningWorker start(String table, String workerId) {
    return start(table, workerId, Map.of());
  }

  private static Map<String, String> onTable(
      String table, String workerId, Map<String, String> extraSettings) {
    Map<String, String> settings = new HashMap<>();
    settings.put("TABLE_NAME", table);
    settings.put("WORKER_ID", workerId);
    settings.putAll(extraSettings);
    return settings;
  }

  /** The failure destination is the settings' unless the test gives one. */
  private static RunningWorker start(
      Map<String, String> settings,
      AwsClients clients,
      MeterRegistry meters,
      Optional<FailureDestination> destination,
      UnaryOperator<ItemSink> sinkWrapper,
      UnaryOperator<WorkerAssembly.Builder> seams) {
    RecordingSink sink = new RecordingSink();
    WorkerAssembly.Builder assembly =
        WorkerAssembly.of(Settings.from(settings::get), clients)
            .sink(sinkWrapper.apply(sink))
            .alsoRecordInto(meters);
    destination.ifPresent(assembly::failureDestination);
    try {
      return new RunningWorker(clients, seams.apply(assembly).start(), sink, meters);
    } catch (RuntimeException e) {
      clients.close();
      throw e;
    }
  }

  public RecordingSink sink() {
    return sink;
  }

  public EventCounts counts() {
    return assembly.counts();
  }

  public MeterRegistry meters() {
    return meters;
  }

  public StreamWorker worker() {
    return assembly.worker();
  }

  public WorkerAssembly assembly() {
    return assembly;
  }

  /** Where /health, /ready and /metrics answer; HTTP_PORT must be set (0 picks a port). */
  public int httpPort() {
    return assembly.httpPort().orElseThrow();
  }

  @Override
  public void close() {
    try {
      assembly.close();
    } finally {
      clients.close();
    }
  }
}
