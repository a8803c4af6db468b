package io.github.ddbstreamworker.status;

import io.github.ddbstreamworker.kcl.upstream.KclTables;
import io.github.ddbstreamworker.kcl.upstream.WorkerMetricsRows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Counts what scaling depends on: the stream's shards, and the workers still reporting. */
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

  /** Every shard of the stream, open and closed, from DescribeStream. */
  public List<Shard> shards(String streamArn) {
    List<Shard> shards = new ArrayList<>();
    String after = null;
    do {
      String start = after;
      StreamDescription page =
          streams
              .describeStream(request -> request.streamArn(streamArn).exclusiveStartShardId(start))
              .streamDescription();
      shards.addAll(page.shards());
      after = page.lastEvaluatedShardId();
    } while (after != null);
    return shards;
  }

  public static boolean isOpen(Shard shard) {
    return shard.sequenceNumberRange().endingSequenceNumber() == null;
  }

  public int openShards(String streamArn) {
    return (int) shards(streamArn).stream().filter(FleetCensus::isOpen).count();
  }

  /** Workers of the application whose KCL worker-metrics row was updated recently. */
  public int liveWorkers(String applicationName) {
    long now = Instant.now().getEpochSecond();
    try {
      return (int)
          dynamoDb
              .scanPaginator(request -> request.tableName(KclTables.workerMetrics(applicationName)))
              .items()
              .stream()
              .map(WorkerMetricsRows::lastUpdate)
              .flatMap(Optional::stream)
              .filter(lastUpdate -> now - lastUpdate.getEpochSecond() <= WORKER_SILENCE.toSeconds())
              .count();
    } catch (ResourceNotFoundException e) {
      return 0;
    }
  }
}
