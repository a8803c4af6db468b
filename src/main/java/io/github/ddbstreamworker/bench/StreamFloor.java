package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.status.FleetCensus;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The physical floor: the fastest the stream gives up its records to one reader, a plain loop of
 * GetShardIterator and GetRecords over every shard from TRIM_HORIZON, doing nothing with them.
 */
final class StreamFloor {

  private static final int MAX_RECORDS = 1000;

  private final DynamoDbStreamsClient streams;
  private final FleetCensus census;

  StreamFloor(DynamoDbStreamsClient streams, FleetCensus census) {
    this.streams = streams;
    this.census = census;
  }

  /** Reads until {@code records} records have come back; returns the nanoseconds it took. */
  long read(String streamArn, int records) {
    long started = System.nanoTime();
    int read = 0;
    for (Shard shard : census.shards(streamArn)) {
      String iterator =
          streams
              .getShardIterator(
                  request ->
                      request
                          .streamArn(streamArn)
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      while (iterator != null && read < records) {
        String current = iterator;
        GetRecordsResponse response =
            streams.getRecords(request -> request.shardIterator(current).limit(MAX_RECORDS));
        read += response.records().size();
        iterator = response.records().isEmpty() ? null : response.nextShardIterator();
      }
    }
    if (read < records) {
      throw new IllegalStateException("the stream holds " + read + " records, not " + records);
    }
    return System.nanoTime() - started;
  }
}
