package io.github.ddbstreamworker.kcl.upstream;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Rows of the KCL 3 worker-metrics table ({@link KclTables#workerMetrics}), one per worker, by the
 * attribute names the KCL writes; they are package-private in the KCL, and {@code
 * UpstreamContractTest} checks them against a real worker's row.
 */
public final class WorkerMetricsRows {

  /** Partition key: the worker id. */
  static final String WORKER_ID = "wid";

  /** When the worker last reported, in epoch seconds. */
  static final String LAST_UPDATE = "lut";

  private WorkerMetricsRows() {}

  /** The key of a worker's row. */
  public static Map<String, AttributeValue> key(String workerId) {
    return Map.of(WORKER_ID, AttributeValue.fromS(workerId));
  }

  /** A row as a worker reporting at {@code at} leaves it, for a stand-in of a live worker. */
  public static Map<String, AttributeValue> reportedAt(String workerId, Instant at) {
    return Map.of(
        WORKER_ID,
        AttributeValue.fromS(workerId),
        LAST_UPDATE,
        AttributeValue.fromN(Long.toString(at.getEpochSecond())));
  }

  /** The id of the worker whose row this is. */
  public static String workerId(Map<String, AttributeValue> row) {
    return row.get(WORKER_ID).s();
  }

  /** When the worker last wrote its row; empty if the row does not say. */
  public static Optional<Instant> lastUpdate(Map<String, AttributeValue> row) {
    AttributeValue value = row.get(LAST_UPDATE);
    return value == null || value.n() == null
        ? Optional.empty()
        : Optional.of(Instant.ofEpochSecond(Long.parseLong(value.n())));
  }
}
