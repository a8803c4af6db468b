package io.github.ddbstreamworker.kcl;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.leases.LeaseRefresher;

/**
 * Gives up this worker's leases after a graceful shutdown, so another worker is assigned them at
 * once instead of after they expire. Only leases still owned by this worker are touched.
 */
final class LeaseRelease {

  private static final Logger log = LoggerFactory.getLogger(LeaseRelease.class);

  private LeaseRelease() {}

  static int releaseAll(LeaseManagementConfig leaseManagement, String workerId) {
    LeaseRefresher leases = leaseManagement.leaseManagementFactory().createLeaseRefresher();
    int released = 0;
    try {
      List<Lease> owned =
          leases.listLeases().stream().filter(lease -> workerId.equals(lease.leaseOwner())).toList();
      for (Lease lease : owned) {
        if (leases.evictLease(lease)) {
          released++;
        }
      }
    } catch (Exception e) {
      log.warn("could not release leases; they expire on their own: {}", e.toString());
    }
    return released;
  }
}
