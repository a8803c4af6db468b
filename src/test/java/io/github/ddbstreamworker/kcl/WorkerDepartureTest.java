package io.github.ddbstreamworker.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.app.WorkerAssembly;
import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.config.Settings;
import io.github.ddbstreamworker.kcl.upstream.KclTables;
import io.github.ddbstreamworker.kcl.upstream.LeaseRow;
import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import io.github.ddbstreamworker.kcl.upstream.WorkerMetricsRows;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.simulator.SimulatorOptions;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.github.ddbstreamworker.simulator.StreamSpec;
import io.github.ddbstreamworker.testsupport.FaultyDynamoDbProxy;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A worker that stops gracefully leaves the lease tables as if it had never been there: its leases
 * have no owner, and its worker-metrics row, which makes the KCL leader count it as alive, stays
 * deleted even when its last report was still on the wire as the stop began.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class WorkerDepartureTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Longer than the worker's report period, so a report is in flight most of the time. */
  private static final Duration SLOW_REPORT = Duration.ofMillis(1_500);

  @Test
  void aStoppedWorkerLeavesNoLeaseAndNoMetricsRowBehind() throws Exception {
    String name = MotoDynamoDb.uniqueName("departure");
    String workerId = name + "-worker";
    DynamoDbClient moto = MotoDynamoDb.clients().dynamoDb();
    RecordingSink sink = new RecordingSink();
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        FaultyDynamoDbProxy leaseTables = FaultyDynamoDbProxy.to(MotoDynamoDb.endpoint());
        AwsClients clients =
            new AwsClients(
                AwsConnection.local(leaseTables.endpoint())
                    .withStreamsEndpoint(simulator.endpoint()))) {
      SimulatedStream stream =
          simulator.createStream(
              StreamSpec.of(name, "id", StreamViewType.NEW_AND_OLD_IMAGES).withShards(2));
      Map<String, String> settings =
          Map.of(
              "STREAM_ARN", stream.streamArn(),
              "APPLICATION_NAME", name,
              "WORKER_ID", workerId);
      WorkerAssembly worker =
          WorkerAssembly.of(Settings.from(settings::get), clients).sink(sink).start();
      try {
        stream.insert(Map.of("id", AttributeValue.fromS("item-1")));
        sink.awaitItems(1, TIMEOUT);
        Awaitility.await().atMost(TIMEOUT).until(() -> hasMetricsRow(moto, name, workerId));
        leaseTables.delayWritesTo(KclTables.workerMetrics(name), SLOW_REPORT);
        Awaitility.await().atMost(TIMEOUT).until(() -> leaseTables.delayedWrites() > 0);
      } finally {
        worker.close();
      }

      Awaitility.await()
          .during(SLOW_REPORT.multipliedBy(2))
          .atMost(SLOW_REPORT.multipliedBy(4))
          .until(() -> !hasMetricsRow(moto, name, workerId));
      assertThat(LeaseRows.scan(moto, name)).extracting(LeaseRow::owner).containsOnlyNulls();
    }
  }

  private static boolean hasMetricsRow(DynamoDbClient dynamoDb, String application, String id) {
    Map<String, AttributeValue> row =
        dynamoDb
            .getItem(
                request ->
                    request
                        .tableName(KclTables.workerMetrics(application))
                        .key(WorkerMetricsRows.key(id))
                        .consistentRead(true))
            .item();
    return row != null && !row.isEmpty();
  }
}
