package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.status.FleetCensus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The physical floor: the fastest the stream gives up its records, a plain loop of GetShardIterator
 * and GetRecords over every shard from TRIM_HORIZON, doing nothing with them; one reader for the
 * stream, or one per shard side by side.
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
      String iterator = trimHorizon(streamArn, shard.shardId());
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

  /**
   * Reads every shard to its newest record, one thread per shard, and checks they held {@code
   * records} in all; returns the nanoseconds it took.
   */
  long readSideBySide(String streamArn, int records) throws InterruptedException {
    List<Shard> shards = census.shards(streamArn);
    ExecutorService readers = Executors.newFixedThreadPool(shards.size());
    try {
      long started = System.nanoTime();
      List<Future<Integer>> counts = new ArrayList<>();
      for (Shard shard : shards) {
        counts.add(readers.submit(() -> readToNewest(streamArn, shard.shardId())));
      }
      int read = 0;
      for (Future<Integer> count : counts) {
        read += count.get();
      }
      long nanos = System.nanoTime() - started;
      if (read < records) {
        throw new IllegalStateException("the stream holds " + read + " records, not " + records);
      }
      return nanos;
    } catch (ExecutionException e) {
      throw new IllegalStateException("a floor reader failed", e.getCause());
    } finally {
      readers.shutdownNow();
    }
  }

  private int readToNewest(String streamArn, String shardId) {
    String iterator = trimHorizon(streamArn, shardId);
    int read = 0;
    while (iterator != null) {
      String current = iterator;
      GetRecordsResponse response =
          streams.getRecords(request -> request.shardIterator(current).limit(MAX_RECORDS));
      read += response.records().size();
      iterator = response.records().isEmpty() ? null : response.nextShardIterator();
    }
    return read;
  }

  private String trimHorizon(String streamArn, String shardId) {
    return streams
        .getShardIterator(
            request ->
                request
                    .streamArn(streamArn)
                    .shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
        .shardIterator();
  }
}
