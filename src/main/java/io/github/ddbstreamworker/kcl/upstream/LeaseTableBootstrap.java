package io.github.ddbstreamworker.kcl.upstream;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.common.StreamConfig;
import software.amazon.kinesis.coordinator.DeletedStreamListProvider;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.leases.LeaseManagementFactory;
import software.amazon.kinesis.leases.LeaseRefresher;
import software.amazon.kinesis.leases.exceptions.DependencyException;
import software.amazon.kinesis.leases.exceptions.InvalidStateException;
import software.amazon.kinesis.leases.exceptions.ProvisionedThroughputException;
import software.amazon.kinesis.lifecycle.TaskResult;
import software.amazon.kinesis.metrics.NullMetricsFactory;

/**
 * Prepares an empty lease table before the scheduler starts, with the KCL's own lease code: the
 * table, its lease-owner index and one lease per shard. The scheduler then skips two waits it makes
 * on a cold start, a random 1 to 30 s while the table is empty and 10 s polls for the index, and a
 * cold start reaches its first record in seconds. Lease creation is conditional, so workers that
 * start together do not conflict.
 */
public final class LeaseTableBootstrap {

  private static final Logger log = LoggerFactory.getLogger(LeaseTableBootstrap.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  /** A lease-table check that may fail with the KCL's dependency exception. */
  @FunctionalInterface
  private interface Check {
    boolean holds() throws DependencyException;
  }

  private LeaseTableBootstrap() {}

  public static void prepare(LeaseManagementConfig leaseManagement, StreamConfig stream) {
    LeaseManagementFactory factory = leaseManagement.leaseManagementFactory();
    LeaseRefresher leases = factory.createLeaseRefresher();
    try {
      if (leases.createLeaseTableIfNotExists()) {
        log.info("created lease table {}", leaseManagement.tableName());
      }
      awaitActive("lease table " + leaseManagement.tableName(), leases::leaseTableExists);
      leases.createLeaseOwnerToLeaseKeyIndexIfNotExists();
      awaitActive("lease owner index", leases::isLeaseOwnerToLeaseKeyIndexActive);
      if (leases.isLeaseTableEmpty()) {
        TaskResult sync =
            factory
                .createShardSyncTaskManager(
                    new NullMetricsFactory(), stream, new DeletedStreamListProvider())
                .callShardSyncTask();
        if (sync.getException() != null) {
          log.warn(
              "first shard sync failed; the scheduler retries it: {}",
              sync.getException().toString());
        }
      }
    } catch (DependencyException | InvalidStateException | ProvisionedThroughputException e) {
      // The scheduler creates what is missing itself, only more slowly.
      log.warn("could not prepare the lease table; the scheduler will: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Polls more often than the KCL's own waits, which check every 10 s. */
  private static void awaitActive(String what, Check check)
      throws DependencyException, InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new DependencyException(
            new IllegalStateException(what + " did not become active in " + TIMEOUT));
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}
