package io.github.ddbstreamworker.kcl;

import io.github.ddbstreamworker.kcl.upstream.WorkerMetricsRows;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.kinesis.leases.Lease;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.leases.LeaseRefresher;
import software.amazon.kinesis.leases.exceptions.DependencyException;
import software.amazon.kinesis.leases.exceptions.InvalidStateException;
import software.amazon.kinesis.leases.exceptions.ProvisionedThroughputException;

/**
 * After a graceful shutdown, withdraws this worker from the lease tables so the KCL leader gives
 * its shards to a live worker at once: its leases lose their owner, and its worker-metrics entry,
 * which would otherwise make it look alive and eligible for leases until the entry expires, is
 * deleted.
 */
final class WorkerDeparture {

  private static final Logger log = LoggerFactory.getLogger(WorkerDeparture.class);

  private WorkerDeparture() {}

  /** Returns how many leases were released. */
  static int leave(
      LeaseManagementConfig leaseManagement, DynamoDbAsyncClient dynamoDb, String workerId) {
    forgetWorkerMetrics(leaseManagement, dynamoDb, workerId);
    return releaseLeases(leaseManagement, workerId);
  }

  private static int releaseLeases(LeaseManagementConfig leaseManagement, String workerId) {
    LeaseRefresher leases = leaseManagement.leaseManagementFactory().createLeaseRefresher();
    int released = 0;
    try {
      List<Lease> owned =
          leases.listLeases().stream()
              .filter(lease -> workerId.equals(lease.leaseOwner()))
              .toList();
      for (Lease lease : owned) {
        if (leases.evictLease(lease)) {
          released++;
        }
      }
    } catch (DependencyException | InvalidStateException | ProvisionedThroughputException e) {
      log.warn("could not release leases; they expire on their own: {}", e.toString());
    }
    return released;
  }

  private static void forgetWorkerMetrics(
      LeaseManagementConfig leaseManagement, DynamoDbAsyncClient dynamoDb, String workerId) {
    String table =
        leaseManagement
            .workerUtilizationAwareAssignmentConfig()
            .workerMetricsTableConfig()
            .tableName();
    try {
      dynamoDb
          .deleteItem(request -> request.tableName(table).key(WorkerMetricsRows.key(workerId)))
          .join();
    } catch (RuntimeException e) {
      log.warn(
          "could not remove this worker's metrics entry; it expires on its own: {}", e.toString());
    }
  }
}
