package io.github.ddbstreamworker.kcl.upstream;

import software.amazon.kinesis.coordinator.CoordinatorConfig;
import software.amazon.kinesis.leases.LeaseManagementConfig;

/**
 * The tables a KCL 3 application keeps, named from its application name as the KCL names them when
 * the worker leaves the names at their defaults (it does). Lets {@code status} and the fleet gauges
 * find a fleet's tables from the application name alone.
 */
public final class KclTables {

  private KclTables() {}

  /** One row per lease; {@code ConfigsBuilder} names it after the application. */
  public static String leases(String applicationName) {
    return applicationName;
  }

  /** One row per worker, rewritten at each worker-metrics report. */
  public static String workerMetrics(String applicationName) {
    return new LeaseManagementConfig.WorkerMetricsTableConfig(applicationName).tableName();
  }

  /** The leader lock and the KCL's migration state. */
  public static String coordinatorState(String applicationName) {
    return new CoordinatorConfig(applicationName).coordinatorStateTableConfig().tableName();
  }
}
