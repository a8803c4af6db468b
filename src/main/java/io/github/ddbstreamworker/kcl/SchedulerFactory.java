package io.github.ddbstreamworker.kcl;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import com.amazonaws.services.dynamodbv2.streamsadapter.StreamsSchedulerFactory;
import com.amazonaws.services.dynamodbv2.streamsadapter.polling.DynamoDBStreamsPollingConfig;
import io.github.ddbstreamworker.config.InitialPosition;
import io.github.ddbstreamworker.config.Setting;
import io.github.ddbstreamworker.config.WorkerSettings;
import io.github.ddbstreamworker.kcl.upstream.DrainingPollingConfig;
import io.github.ddbstreamworker.kcl.upstream.KclMeters;
import io.github.ddbstreamworker.metrics.WorkerMeters;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.StreamConfig;
import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.metrics.MetricsConfig;
import software.amazon.kinesis.processor.ProcessorConfig;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;
import software.amazon.kinesis.processor.StreamTracker;
import software.amazon.kinesis.retrieval.RetrievalConfig;

/**
 * Builds a KCL 3 scheduler that reads one DynamoDB stream through the Kinesis adapter, with
 * start-up and failover intervals tuned for DynamoDB Streams. The KCL's own metrics are off unless
 * {@code METRICS_LEVEL} asks for them, and then go into the worker's registry, never straight to
 * CloudWatch.
 */
final class SchedulerFactory {

  /**
   * How often the leader scans the lease table and assigns expired or free leases (AWS recommends 2
   * s for DynamoDB Streams; the KCL default is twice the failover time). Each run is a scan of the
   * lease and worker-metrics tables by the leader alone: reads, no writes. It also sets how often a
   * worker looks for leases given to it (half of this).
   */
  static final long LEASE_ASSIGNMENT_INTERVAL_MILLIS = 1_000;

  /**
   * How long the KCL leader's lock outlives its last heartbeat (KCL default 2 min). Only the leader
   * assigns leases, so after a leader dies nothing moves until another worker has seen the lock
   * unrenewed this long; a new leader then watches the leases for the failover time.
   */
  static final long LEADER_LOCK_LEASE_MILLIS = 3_000;

  /**
   * How often the leader renews its lock, and how long another worker trusts a "not the leader"
   * answer before asking again (KCL default 30 s, which delays every takeover by up to 30 s).
   */
  static final long LEADER_LOCK_HEARTBEAT_MILLIS = 1_000;

  /**
   * How often each worker writes its row in the worker-metrics table (KCL default 30 s). The leader
   * counts a worker alive until two periods pass without a write, and may hand a dead worker's
   * expired lease straight back to it until then, so two periods stay below the shortest time a
   * lease takes to expire (the failover time less a renewal interval).
   */
  static final long WORKER_METRICS_REPORT_MILLIS = 1_000;

  /**
   * Leases move as the KCL 2 moved them: the leader names the new owner, the old owner's next
   * renewal finds the lease gone and its processor stops, and the new owner resumes from the last
   * checkpoint (records since then are read again). KCL 3.3.0's graceful handoff instead keeps the
   * old owner as {@code checkpointOwner} until it checkpoints; when the old owner's shard consumer
   * is already shut down or not yet started, it drops the handoff without clearing that owner,
   * keeps renewing the lease, and the new owner never starts: the shard goes unread with a live
   * owner (seen in the fleet benchmark at 64 shards; described upstream after 3.3.0,
   * awslabs/amazon-kinesis-client pull requests 1729 and 1743).
   */
  static final LeaseManagementConfig.GracefulLeaseHandoffConfig WITHOUT_GRACEFUL_HANDOFF =
      LeaseManagementConfig.GracefulLeaseHandoffConfig.builder()
          .isGracefulLeaseHandoffEnabled(false)
          .build();

  /** Pause after a shard sync; the KCL default of 60 s would delay the first lease. */
  static final long SHARD_SYNC_INTERVAL_MILLIS = 0;

  /** How often a child shard checks that its parents are done (KCL default 10 s). */
  static final long PARENT_SHARD_POLL_INTERVAL_MILLIS = 1_000;

  /**
   * How often the scheduler's loop runs (KCL default 1 s). A shard consumer moves one step per run
   * (started, initialised, reading; and when stopping, shut down), so a newly held shard waits for
   * three runs before its first read, and a stopping worker for two before its loop ends. Each run
   * only looks at memory: no calls to AWS.
   */
  static final long DISPATCH_POLL_INTERVAL_MILLIS = 100;

  private SchedulerFactory() {}

  /** The scheduler, plus the lease configuration and stream that start-up and shutdown need. */
  record Built(Scheduler scheduler, LeaseManagementConfig leaseManagement, StreamConfig stream) {}

  static Built create(
      WorkerSettings settings,
      SchedulerState state,
      String adapterStreamArn,
      boolean fromStart,
      AmazonDynamoDBStreamsAdapterClient adapterClient,
      DynamoDbAsyncClient leaseTables,
      CloudWatchAsyncClient cloudWatch,
      ShardRecordProcessorFactory processors,
      WorkerMeters meters) {
    StreamTracker tracker =
        StreamsSchedulerFactory.createSingleStreamTracker(
            adapterStreamArn, initialPosition(settings, fromStart));
    ConfigsBuilder configs =
        new ConfigsBuilder(
            tracker,
            settings.applicationName(),
            adapterClient,
            leaseTables,
            cloudWatch,
            settings.workerId(),
            processors);

    // ConfigsBuilder returns a new object from every getter: take each one once.
    LeaseManagementConfig leaseManagement = leaseManagement(configs, settings);
    CoordinatorConfig coordinator =
        configs
            .coordinatorConfig()
            .parentShardPollIntervalMillis(PARENT_SHARD_POLL_INTERVAL_MILLIS)
            .shardConsumerDispatchPollIntervalMillis(DISPATCH_POLL_INTERVAL_MILLIS)
            .skipShardSyncAtWorkerInitializationIfLeasesExist(true)
            .workerStateChangeListener(state);
    // The KCL's metrics go into the worker's registry, never to CloudWatch on their own.
    MetricsConfig metrics =
        configs
            .metricsConfig()
            .metricsLevel(meters.kclLevel())
            .metricsFactory(KclMeters.forLevel(meters.registry(), meters.kclLevel()));
    DynamoDBStreamsPollingConfig polling =
        new DrainingPollingConfig(adapterStreamArn, adapterClient)
            .idleTimeBetweenReadsInMillis(settings.pollInterval().toMillis());
    polling.maxRecords(settings.maxRecords());
    RetrievalConfig retrieval = configs.retrievalConfig().retrievalSpecificConfig(polling);

    // Empty reads too, so a shard's gauges and heartbeat stay current while it is idle.
    ProcessorConfig processor =
        configs.processorConfig().callProcessRecordsEvenForEmptyRecordList(true);

    Scheduler scheduler =
        StreamsSchedulerFactory.createScheduler(
            configs.checkpointConfig(),
            coordinator,
            leaseManagement,
            configs.lifecycleConfig(),
            metrics,
            processor,
            retrieval,
            adapterClient);
    return new Built(scheduler, leaseManagement, tracker.streamConfigList().get(0));
  }

  /** Lease, leader-lock and worker-metrics times: what a takeover after a crash waits for. */
  static LeaseManagementConfig leaseManagement(ConfigsBuilder configs, WorkerSettings settings) {
    LeaseManagementConfig leaseManagement =
        configs
            .leaseManagementConfig()
            .failoverTimeMillis(settings.get(Setting.FAILOVER_TIME_MS))
            .leaseAssignmentIntervalMillis(LEASE_ASSIGNMENT_INTERVAL_MILLIS)
            .dynamoDbLockBasedLeaderLeaseDurationInMillis(LEADER_LOCK_LEASE_MILLIS)
            .dynamoDbLockBasedLeaderHeartbeatPeriodInMillis(LEADER_LOCK_HEARTBEAT_MILLIS)
            .shardSyncIntervalMillis(SHARD_SYNC_INTERVAL_MILLIS)
            // The adapter does no hole tracking and would reset this with a warning.
            .leasesRecoveryAuditorInconsistencyConfidenceThreshold(0)
            .maxLeasesForWorker(settings.get(Setting.MAX_LEASES_PER_WORKER))
            .gracefulLeaseHandoffConfig(WITHOUT_GRACEFUL_HANDOFF);
    leaseManagement
        .workerUtilizationAwareAssignmentConfig()
        .workerMetricsReporterFreqInMillis(WORKER_METRICS_REPORT_MILLIS);
    return leaseManagement;
  }

  /**
   * AT_TIMESTAMP starts at TRIM_HORIZON too: DynamoDB Streams has no iterator for a time, and the
   * record processor leaves out what was created before it.
   */
  private static InitialPositionInStreamExtended initialPosition(
      WorkerSettings settings, boolean fromStart) {
    InitialPositionInStream position =
        fromStart || settings.initialPosition() != InitialPosition.LATEST
            ? InitialPositionInStream.TRIM_HORIZON
            : InitialPositionInStream.LATEST;
    return InitialPositionInStreamExtended.newInitialPosition(position);
  }
}
