package io.github.ddbstreamworker.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.dynamodbv2.streamsadapter.StreamsSchedulerFactory;
import io.github.ddbstreamworker.config.WorkerSettings;
import io.github.ddbstreamworker.kcl.upstream.SdkRecordAdapterClient;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.ShardRecordProcessor;

/**
 * The lease, leader-lock and worker-metrics times the scheduler is built with, held to the budget
 * of a takeover after the worker holding a shard and the leader lock is killed: 10 s.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class TakeoverTimesTest {

  private static final String ARN =
      "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000";

  @Test
  void theFailoverTimeIsASettingOfFourSecondsByDefault() {
    assertThat(leaseManagement(Map.of()).failoverTimeMillis()).isEqualTo(4_000);
    assertThat(leaseManagement(Map.of("FAILOVER_TIME_MS", "10000")).failoverTimeMillis())
        .isEqualTo(10_000);
  }

  /**
   * After a SIGKILL of the leader, a survivor takes the lock once it has seen it unrenewed for the
   * lock's lease, then watches the shard's lease for the failover time, then assigns it in its next
   * round.
   */
  @Test
  void aDeadLeadersShardIsAssignedAgainWithinTenSeconds() {
    LeaseManagementConfig config = leaseManagement(Map.of());
    assertThat(config.dynamoDbLockBasedLeaderLeaseDurationInMillis())
        .isEqualTo(SchedulerFactory.LEADER_LOCK_LEASE_MILLIS);
    assertThat(config.dynamoDbLockBasedLeaderHeartbeatPeriodInMillis())
        .isEqualTo(SchedulerFactory.LEADER_LOCK_HEARTBEAT_MILLIS);
    assertThat(config.leaseAssignmentIntervalMillis())
        .isEqualTo(SchedulerFactory.LEASE_ASSIGNMENT_INTERVAL_MILLIS);
    long typical =
        config.dynamoDbLockBasedLeaderLeaseDurationInMillis()
            + config.failoverTimeMillis()
            + config.leaseAssignmentIntervalMillis();
    assertThat(typical).isLessThanOrEqualTo(10_000);
  }

  /**
   * The leader treats a worker as alive until two worker-metrics reports are missed, and meanwhile
   * may give it back its own expired lease; the soonest a lease expires is a failover time after
   * its last renewal, which came up to a third of a failover time before the crash.
   */
  @Test
  void aDeadWorkerIsDroppedBeforeItsLeaseCanExpire() {
    LeaseManagementConfig config = leaseManagement(Map.of());
    long reports =
        config.workerUtilizationAwareAssignmentConfig().workerMetricsReporterFreqInMillis();
    long soonestExpiry = config.failoverTimeMillis() - config.failoverTimeMillis() / 3;
    assertThat(2 * reports).isLessThan(soonestExpiry);
  }

  /** See {@link SchedulerFactory#WITHOUT_GRACEFUL_HANDOFF} for the KCL 3.3.0 defect it avoids. */
  @Test
  void leasesMoveWithoutTheGracefulHandoffThatCanLeaveAShardUnread() {
    assertThat(
            leaseManagement(Map.of()).gracefulLeaseHandoffConfig().isGracefulLeaseHandoffEnabled())
        .isFalse();
  }

  private static LeaseManagementConfig leaseManagement(Map<String, String> extra) {
    Map<String, String> environment = new HashMap<>(extra);
    environment.put("STREAM_ARN", ARN);
    WorkerSettings settings = WorkerSettings.from(environment::get);
    DynamoDbStreamsClient streams = MotoDynamoDb.clients().streams();
    ConfigsBuilder configs =
        new ConfigsBuilder(
            StreamsSchedulerFactory.createSingleStreamTracker(
                ARN,
                InitialPositionInStreamExtended.newInitialPosition(
                    InitialPositionInStream.TRIM_HORIZON)),
            "takeover-times",
            new SdkRecordAdapterClient(streams, streams.serviceClientConfiguration().region()),
            MotoDynamoDb.clients().leaseTables(),
            MotoDynamoDb.clients().cloudWatch(),
            "worker-1",
            IdleProcessor::new);
    return SchedulerFactory.leaseManagement(configs, settings);
  }

  private static final class IdleProcessor implements ShardRecordProcessor {
    @Override
    public void initialize(InitializationInput input) {}

    @Override
    public void processRecords(ProcessRecordsInput input) {}

    @Override
    public void leaseLost(LeaseLostInput input) {}

    @Override
    public void shardEnded(ShardEndedInput input) {}

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {}
  }
}
