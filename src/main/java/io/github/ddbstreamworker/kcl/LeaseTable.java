package io.github.ddbstreamworker.kcl;

import java.time.Duration;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.leases.LeaseRefresher;
import software.amazon.kinesis.leases.exceptions.DependencyException;
import software.amazon.kinesis.leases.exceptions.InvalidStateException;
import software.amazon.kinesis.leases.exceptions.ProvisionedThroughputException;
import software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber;

/** Reads the lease table for readiness, at most once every few seconds. */
final class LeaseTable {

  private static final Duration CACHE = Duration.ofSeconds(5);

  private final LeaseRefresher leases;
  private long readNanos;
  private boolean unownedOpenShards = true;

  LeaseTable(LeaseManagementConfig leaseManagement) {
    this.leases = leaseManagement.leaseManagementFactory().createLeaseRefresher();
  }

  /** Whether some shard not yet finished has no owner: work waiting for a worker. */
  synchronized boolean hasUnownedOpenShards() {
    if (readNanos != 0 && System.nanoTime() - readNanos < CACHE.toNanos()) {
      return unownedOpenShards;
    }
    try {
      unownedOpenShards =
          leases.listLeases().stream()
              .anyMatch(lease -> lease.leaseOwner() == null && !isFinished(lease));
      readNanos = System.nanoTime();
    } catch (DependencyException | InvalidStateException | ProvisionedThroughputException e) {
      // Unknown counts as not ready; the next call reads again.
      return true;
    }
    return unownedOpenShards;
  }

  private static boolean isFinished(Lease lease) {
    return ExtendedSequenceNumber.SHARD_END.equals(lease.checkpoint());
  }
}
