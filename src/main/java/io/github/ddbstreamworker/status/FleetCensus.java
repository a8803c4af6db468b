package io.github.ddbstreamworker.status;

import io.github.ddbstreamworker.follow.StreamHistory;
import io.github.ddbstreamworker.follow.StreamShape;
import io.github.ddbstreamworker.kcl.upstream.KclTables;
import io.github.ddbstreamworker.kcl.upstream.LeaseRow;
import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import io.github.ddbstreamworker.kcl.upstream.WorkerMetricsRows;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Counts what scaling and the fleet's health depend on: the stream's shards, the workers still
 * reporting, and the leases.
 */
public final class FleetCensus {

  /**
   * A worker whose metrics row is older than this has stopped. Workers of this project rewrite it
   * every second ({@code SchedulerFactory.WORKER_METRICS_REPORT_MILLIS}); the KCL's default is 30
   * s, which this allows for too.
   */
  static final Duration WORKER_SILENCE = Duration.ofSeconds(90);

  private final DynamoDbClient dynamoDb;
  private final DynamoDbStreamsClient streams;

  public FleetCensus(DynamoDbClient dynamoDb, DynamoDbStreamsClient streams) {
    this.dynamoDb = dynamoDb;
    this.streams = streams;
  }

  /**
   * Every shard of the stream, open and closed, from DescribeStream.
   *
   * @throws ResourceNotFoundException if DynamoDB does not know the stream
   */
  public List<Shard> shards(String streamArn) {
    return new StreamHistory(streams)
        .describe(streamArn)
        .map(StreamShape::shards)
        .orElseThrow(
            () ->
                ResourceNotFoundException.builder()
                    .message("Requested resource not found: Stream: " + streamArn + " not found")
                    .build());
  }

  public static boolean isOpen(Shard shard) {
    return shard.sequenceNumberRange().endingSequenceNumber() == null;
  }

  /** Workers of the application whose KCL worker-metrics row was updated recently. */
  public Set<String> liveWorkerIds(String applicationName) {
    long now = Instant.now().getEpochSecond();
    try {
      return dynamoDb
          .scanPaginator(request -> request.tableName(KclTables.workerMetrics(applicationName)))
          .items()
          .stream()
          .filter(
              row ->
                  WorkerMetricsRows.lastUpdate(row)
                      .filter(
                          lastUpdate ->
                              now - lastUpdate.getEpochSecond() <= WORKER_SILENCE.toSeconds())
                      .isPresent())
          .map(WorkerMetricsRows::workerId)
          .collect(Collectors.toSet());
    } catch (ResourceNotFoundException e) {
      return Set.of();
    }
  }

  /**
   * The application's leases by shard id.
   *
   * @throws ResourceNotFoundException if the application has no lease table
   */
  public Map<String, LeaseRow> leases(String applicationName) {
    Map<String, LeaseRow> byShard = new HashMap<>();
    LeaseRows.scan(dynamoDb, applicationName)
        .forEach(lease -> byShard.put(lease.leaseKey(), lease));
    return byShard;
  }
}
