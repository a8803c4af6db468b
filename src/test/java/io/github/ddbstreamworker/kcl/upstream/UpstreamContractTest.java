package io.github.ddbstreamworker.kcl.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsDataFetcher;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsLeaseManagementFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsShardSyncer;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsSleepTimeController;
import com.amazonaws.services.dynamodbv2.streamsadapter.StreamsSchedulerFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import com.amazonaws.services.dynamodbv2.streamsadapter.processor.DynamoDBStreamsShardRecordProcessor;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import io.github.ddbstreamworker.testsupport.StreamRecords;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.DeletedStreamListProvider;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.leases.dynamodb.DynamoDBLeaseSerializer;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.MetricsScope;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.StreamTracker;
import software.amazon.kinesis.retrieval.RetrievalConfig;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/**
 * What {@code kcl.upstream} relies on in KCL 3.3.0 and adapter 2.0.1 beyond their public API, each
 * checked against the real libraries (one real worker on moto_server, one scheduler built but not
 * run, and the adapter's bytecode). A failure here after an upgrade names the behaviour that moved;
 * fix the door class it names, not its callers. The adapter client's page conversion is pinned in
 * detail by {@link SdkRecordAdapterClientTest}; the protected constructors it calls are pinned by
 * compilation.
 */
@ExtendWith(MotoDynamoDbExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamContractTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String WORKER_ID = "contract-worker";

  private DynamoDbClient dynamoDb;
  private String table;
  private String application;
  private String shardId;
  private RunningWorker worker;

  @BeforeAll
  void startAWorkerAndLetItCheckpointOneItem() {
    dynamoDb = MotoDynamoDb.clients().dynamoDb();
    table = MotoDynamoDb.newTable("contract", StreamViewType.NEW_AND_OLD_IMAGES);
    application = "ddb-stream-worker-" + table;
    shardId = StreamRecords.firstShardOf(table).shardId();
    MotoDynamoDb.put(table, "item-1", "v");
    worker = RunningWorker.start(table, WORKER_ID);
    worker.sink().awaitItems(1, TIMEOUT);
    Awaitility.await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(() -> lease().checkpoint().matches("\\d+"));
  }

  @AfterAll
  void stopTheWorker() {
    if (worker != null) {
      worker.close();
    }
  }

  /** KCL: DynamoDBLeaseSerializer names the key, owner, counter and checkpoint attributes. */
  @Test
  void leaseRowsCarryKeyOwnerCounterAndCheckpointUnderTheNamesLeaseRowsReads() {
    List<LeaseRow> leases = LeaseRows.scan(dynamoDb, application);

    assertThat(leases).singleElement().extracting(LeaseRow::leaseKey).isEqualTo(shardId);
    LeaseRow lease = leases.get(0);
    assertThat(lease.owner()).isEqualTo(WORKER_ID);
    assertThat(lease.counter()).isPositive();
    assertThat(lease.checkpoint()).matches("\\d+");
  }

  /** KCL: the serializer writes a lease with exactly the attribute names {@link LeaseRows} uses. */
  @Test
  void theKclsLeaseSerializerWritesTheAttributeNamesLeaseRowsReads() {
    Lease lease = new Lease();
    lease.leaseKey("shard-1");
    lease.leaseOwner("worker-1");
    lease.leaseCounter(7L);
    lease.checkpoint(ExtendedSequenceNumber.SHARD_END);

    Map<String, AttributeValue> row = new DynamoDBLeaseSerializer().toDynamoRecord(lease);

    assertThat(row)
        .containsKeys(
            LeaseRows.LEASE_KEY, LeaseRows.OWNER, LeaseRows.COUNTER, LeaseRows.CHECKPOINT);
    assertThat(LeaseRows.read(row))
        .isEqualTo(new LeaseRow("shard-1", "worker-1", 7, "SHARD_END", row));
    assertThat(new DynamoDBLeaseSerializer().getDynamoHashKey("shard-1"))
        .isEqualTo(LeaseRows.key("shard-1"));
  }

  /** KCL: the lease, worker-metrics and coordinator-state tables carry these names. */
  @Test
  void theKclCreatesItsTablesUnderTheNamesKclTablesGives() {
    Awaitility.await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(dynamoDb.listTablesPaginator().tableNames())
                    .contains(
                        KclTables.leases(application),
                        KclTables.workerMetrics(application),
                        KclTables.coordinatorState(application)));
  }

  /**
   * KCL: a worker's metrics row is keyed by its worker id ({@code wid}) and stamped with its last
   * report in epoch seconds ({@code lut}), rewritten at every report.
   */
  @Test
  void aWorkersMetricsRowIsKeyedByItsIdAndRestampedAtEachReport() {
    Instant first =
        Awaitility.await().atMost(TIMEOUT).until(this::lastReport, stamp -> stamp != null);
    assertThat(first).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(5));

    Awaitility.await().atMost(TIMEOUT).until(this::lastReport, stamp -> stamp.isAfter(first));
  }

  /**
   * KCL: renewals and checkpoints update a lease attribute by attribute, so an attribute of the
   * worker's own (the failure-destination wait marker) survives them.
   */
  @Test
  void renewalsAndCheckpointsLeaveAnAttributeOfOursOnTheLease() {
    LeaseRow before = lease();
    dynamoDb.updateItem(
        request ->
            request
                .tableName(KclTables.leases(application))
                .key(LeaseRows.key(shardId))
                .updateExpression("SET contractProbe = :probe")
                .conditionExpression(LeaseRows.OWNER + " = :me")
                .expressionAttributeValues(
                    Map.of(
                        ":probe", AttributeValue.fromS("kept"),
                        ":me", AttributeValue.fromS(WORKER_ID))));
    MotoDynamoDb.put(table, "item-2", "v");

    Awaitility.await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              LeaseRow now = lease();
              return now.counter() >= before.counter() + 2
                  && !now.checkpoint().equals(before.checkpoint());
            });

    assertThat(lease().attributes()).containsEntry("contractProbe", AttributeValue.fromS("kept"));
  }

  /** Lock client under the KCL: the leader-lock row names its holder in {@code ownerName}. */
  @Test
  void theLeaderLockNamesTheWorkerHoldingIt() {
    Awaitility.await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(LeaderLock.owner(dynamoDb, application)).contains(WORKER_ID));
  }

  /**
   * Adapter: {@code StreamsSchedulerFactory.createScheduler} installs its lease-management factory,
   * whose three-argument {@code createShardSyncTaskManager} gives the adapter's shard syncer (the
   * KCL's other overloads would sync Kinesis shards), and installs its own sleep controller into
   * the polling config; the KCL asks for the retrieval factory only later, as it builds each shard
   * consumer, which is where {@link DrainingPollingConfig} puts its controller back. {@link
   * LeaseTableBootstrap} then creates the first lease.
   */
  @Test
  void theAdaptersSchedulerKeepsOurPollingAndShardSyncsThroughTheAdapter() {
    String otherTable = MotoDynamoDb.newTable("contract-scheduler", StreamViewType.KEYS_ONLY);
    String otherApplication = "contract-" + otherTable;
    StreamRecords.ShardLocation shard = StreamRecords.firstShardOf(otherTable);
    DynamoDbStreamsClient streams = MotoDynamoDb.clients().streams();
    AmazonDynamoDBStreamsAdapterClient adapterClient =
        new SdkRecordAdapterClient(streams, streams.serviceClientConfiguration().region());
    StreamTracker tracker =
        StreamsSchedulerFactory.createSingleStreamTracker(
            shard.streamArn(),
            InitialPositionInStreamExtended.newInitialPosition(
                InitialPositionInStream.TRIM_HORIZON));
    ConfigsBuilder configs =
        new ConfigsBuilder(
            tracker,
            otherApplication,
            adapterClient,
            MotoDynamoDb.clients().leaseTables(),
            MotoDynamoDb.clients().cloudWatch(),
            "contract-scheduler-worker",
            IdleProcessor::new);
    // As SchedulerFactory does: the adapter's factory copies the 60 s default before zeroing it,
    // and the first shard sync would then sleep that long.
    LeaseManagementConfig leaseManagement =
        configs.leaseManagementConfig().shardSyncIntervalMillis(0);
    DrainingPollingConfig polling = new DrainingPollingConfig(shard.streamArn(), adapterClient);
    RetrievalConfig retrieval = configs.retrievalConfig().retrievalSpecificConfig(polling);

    Scheduler scheduler =
        StreamsSchedulerFactory.createScheduler(
            configs.checkpointConfig(),
            configs.coordinatorConfig(),
            leaseManagement,
            configs.lifecycleConfig(),
            configs.metricsConfig().metricsFactory(new NullMetricsFactory()),
            configs.processorConfig(),
            retrieval,
            adapterClient);
    try {
      assertThat(polling.sleepTimeController())
          .as("the adapter's own, which DrainingPollingConfig must replace")
          .isInstanceOf(DynamoDBStreamsSleepTimeController.class);
      retrieval.retrievalFactory();
      assertThat(polling.sleepTimeController())
          .isInstanceOf(DrainingPollingConfig.DrainingSleepTimeController.class);
      assertThat(
              methodCalls(Scheduler.class, "buildConsumer")
                  .anyMatch(call -> call.getName().equals("retrievalFactory")))
          .as("the KCL asks for the retrieval factory as it builds each shard consumer")
          .isTrue();
      assertThat(leaseManagement.leaseManagementFactory())
          .isInstanceOf(DynamoDBStreamsLeaseManagementFactory.class);
      assertThat(
              leaseManagement
                  .leaseManagementFactory()
                  .createShardSyncTaskManager(
                      new NullMetricsFactory(),
                      tracker.streamConfigList().get(0),
                      new DeletedStreamListProvider())
                  .hierarchicalShardSyncer())
          .isInstanceOf(DynamoDBStreamsShardSyncer.class);

      LeaseTableBootstrap.prepare(leaseManagement, tracker.streamConfigList().get(0));

      assertThat(LeaseRows.scan(dynamoDb, otherApplication))
          .singleElement()
          .satisfies(
              lease -> {
                assertThat(lease.leaseKey()).isEqualTo(shard.shardId());
                assertThat(lease.owner()).isNull();
                assertThat(lease.checkpoint()).isEqualTo("TRIM_HORIZON");
              });
    } finally {
      scheduler.shutdown();
    }
  }

  /**
   * Adapter: its data fetcher reads each page through {@code getDynamoDBStreamsRecords}, the method
   * {@link SdkRecordAdapterClient} overrides; if it stopped, the override would silently go unused.
   */
  @Test
  void theAdaptersFetcherReadsPagesThroughTheMethodOurClientOverrides() {
    Set<JavaMethodCall> calls =
        new ClassFileImporter()
            .importClasses(DynamoDBStreamsDataFetcher.class)
            .get(DynamoDBStreamsDataFetcher.class)
            .getMethodCallsFromSelf();

    assertThat(calls)
        .anySatisfy(
            call -> {
              assertThat(call.getName()).isEqualTo("getDynamoDBStreamsRecords");
              assertThat(
                      call.getTargetOwner()
                          .isAssignableTo(AmazonDynamoDBStreamsAdapterClient.class))
                  .isTrue();
            });
  }

  /**
   * KCL: a {@code FilteringMetricsScope} subclass finds what was added in its protected {@code
   * data} map and the allowed dimensions in {@code getDimensions()} when the scope ends.
   */
  @Test
  void theKclsMetricsScopeHandsItsDataToKclMeters() {
    MeterRegistry registry = new SimpleMeterRegistry();
    MetricsScope scope = KclMeters.forLevel(registry, MetricsLevel.DETAILED).createMetrics();
    scope.addDimension("Operation", "ProcessTask");
    scope.addDimension("WorkerIdentifier", "dropped");
    scope.addData("RecordsProcessed", 3, StandardUnit.COUNT, MetricsLevel.SUMMARY);

    scope.end();

    DistributionSummary summary =
        registry.get("kcl.RecordsProcessed").tag("Operation", "ProcessTask").summary();
    assertThat(summary.totalAmount()).isEqualTo(3);
    assertThat(summary.getId().getTags()).hasSize(1);
  }

  private static Stream<JavaMethodCall> methodCalls(Class<?> type, String methodName) {
    return new ClassFileImporter()
        .importClasses(type).get(type).getMethodCallsFromSelf().stream()
            .filter(call -> call.getOrigin().getName().equals(methodName));
  }

  /** The adapter asks for one processor when it builds the scheduler, to check its type. */
  private static final class IdleProcessor implements DynamoDBStreamsShardRecordProcessor {
    @Override
    public void initialize(InitializationInput input) {}

    @Override
    public void processRecords(DynamoDBStreamsProcessRecordsInput input) {}

    @Override
    public void leaseLost(LeaseLostInput input) {}

    @Override
    public void shardEnded(ShardEndedInput input) {}

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {}
  }

  private LeaseRow lease() {
    return LeaseRows.read(
        dynamoDb
            .getItem(
                request ->
                    request
                        .tableName(KclTables.leases(application))
                        .key(LeaseRows.key(shardId))
                        .consistentRead(true))
            .item());
  }

  private Instant lastReport() {
    Map<String, AttributeValue> row =
        dynamoDb
            .getItem(
                request ->
                    request
                        .tableName(KclTables.workerMetrics(application))
                        .key(WorkerMetricsRows.key(WORKER_ID))
                        .consistentRead(true))
            .item();
    if (row == null || row.isEmpty()) {
      return null;
    }
    assertThat(WorkerMetricsRows.workerId(row)).isEqualTo(WORKER_ID);
    return WorkerMetricsRows.lastUpdate(row).orElse(null);
  }
}
