package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.local.MotoServerProcess;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.simulator.SimulatorOptions;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.github.ddbstreamworker.simulator.StreamSpec;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Where the benchmark runs: moto_server as a child process for DynamoDB (the KCL's lease,
 * worker-metrics and coordinator tables), and the stream simulator in this JVM for DynamoDB
 * Streams. The worker reaches both as it would reach AWS, through endpoint overrides only.
 */
final class BenchEndpoints implements AutoCloseable {

  /**
   * AWS's rules but the GetRecords throttle, which is off: the floor must measure the client, not a
   * limit AWS does not document for DynamoDB Streams.
   */
  static final SimulatorOptions SIMULATOR =
      SimulatorOptions.defaults().withGetRecordsLimitPerShard(0);

  private final MotoServerProcess moto;
  private final StreamSimulator simulator;

  private BenchEndpoints(MotoServerProcess moto, StreamSimulator simulator) {
    this.moto = moto;
    this.simulator = simulator;
  }

  static BenchEndpoints start() {
    MotoServerProcess moto = MotoServerProcess.start(0, Duration.ofSeconds(60));
    try {
      return new BenchEndpoints(moto, StreamSimulator.start(SIMULATOR));
    } catch (RuntimeException e) {
      moto.close();
      throw e;
    }
  }

  /** DynamoDB on moto_server, DynamoDB Streams on the simulator. */
  AwsConnection connection() {
    return AwsConnection.local(moto.endpoint()).withStreamsEndpoint(simulator.endpoint());
  }

  URI dynamoDb() {
    return moto.endpoint();
  }

  URI streams() {
    return simulator.endpoint();
  }

  /** A new stream with a string hash key {@code id}, as the benchmark's items have. */
  SimulatedStream createStream(String table, int shards) {
    return simulator.createStream(
        StreamSpec.of(table, BenchItems.KEY, StreamViewType.NEW_AND_OLD_IMAGES).withShards(shards));
  }

  /** GetRecords requests the simulator has answered so far, from every client. */
  long getRecordsAnswered() {
    return simulator.answers().of("GetRecords");
  }

  /**
   * Nanoseconds of CPU time moto_server has used so far, counted in the operating system's clock
   * ticks (10 ms on Linux); -1 where the system does not say.
   */
  long dynamoDbCpuNanos() {
    return ProcessHandle.of(moto.pid())
        .flatMap(process -> process.info().totalCpuDuration())
        .map(Duration::toNanos)
        .orElse(-1L);
  }

  @Override
  public void close() {
    try {
      simulator.close();
    } finally {
      moto.close();
    }
  }
}
