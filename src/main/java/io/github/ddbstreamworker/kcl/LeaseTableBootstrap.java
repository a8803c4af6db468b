package io.github.ddbstreamworker.kcl;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.common.StreamConfig;
import software.amazon.kinesis.coordinator.DeletedStreamListProvider;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.leases.LeaseManagementFactory;
import software.amazon.kinesis.leases.LeaseRefresher;
import software.amazon.kinesis.lifecycle.TaskResult;
import software.amazon.kinesis.metrics.NullMetricsFactory;

/**
 * Prepares an empty lease table before the scheduler starts, with the KCL's own lease code: the
 * table, its lease-owner index and one lease per shard. The scheduler then skips two waits it makes
 * on a cold start, a random 1 to 30 s while the table is empty and 10 s polls for the index, and a
 * cold start reaches its first record in seconds. Lease creation is conditional, so workers that
 * start together do not conflict.
 */
final class LeaseTableBootstrap {

  private static final Logger log = LoggerFactory.getLogger(LeaseTableBootstrap.class);
  private static final long POLL_SECONDS = 1;
  private static final long TIMEOUT_SECONDS = Duration.ofMinutes(10).toSeconds();

  private LeaseTableBootstrap() {}

  static void prepare(LeaseManagementConfig leaseManagement, StreamConfig stream) {
    LeaseManagementFactory factory = leaseManagement.leaseManagementFactory();
    LeaseRefresher leases = factory.createLeaseRefresher();
    try {
      if (leases.createLeaseTableIfNotExists()) {
        log.info("created lease table {}", leaseManagement.tableName());
      }
      if (!leases.waitUntilLeaseTableExists(POLL_SECONDS, TIMEOUT_SECONDS)) {
        throw new IllegalStateException("lease table " + leaseManagement.tableName() + " did not become active");
      }
      leases.createLeaseOwnerToLeaseKeyIndexIfNotExists();
      if (!leases.waitUntilLeaseOwnerToLeaseKeyIndexExists(POLL_SECONDS, TIMEOUT_SECONDS)) {
        throw new IllegalStateException("lease table index did not become active");
      }
      if (leases.isLeaseTableEmpty()) {
        TaskResult sync =
            factory
                .createShardSyncTaskManager(new NullMetricsFactory(), stream, new DeletedStreamListProvider())
                .callShardSyncTask();
        if (sync.getException() != null) {
          log.warn("first shard sync failed; the scheduler retries it: {}", sync.getException().toString());
        }
      }
    } catch (software.amazon.kinesis.leases.exceptions.DependencyException
        | software.amazon.kinesis.leases.exceptions.InvalidStateException
        | software.amazon.kinesis.leases.exceptions.ProvisionedThroughputException e) {
      // The scheduler creates what is missing itself, only more slowly.
      log.warn("could not prepare the lease table; the scheduler will: {}", e.toString());
    }
  }
}
