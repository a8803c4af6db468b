package io.github.ddbstreamworker.follow;

import io.github.ddbstreamworker.kcl.upstream.LeaseRow;
import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** The application's leases, read to judge how far the fleet got in each stream of a table. */
public final class LeaseLedger {

  private final Map<String, LeaseRow> byShardId;

  private LeaseLedger(Map<String, LeaseRow> byShardId) {
    this.byShardId = byShardId;
  }

  /** The leases now; none before the first worker created the lease table. */
  public static LeaseLedger read(DynamoDbClient dynamoDb, String applicationName) {
    Map<String, LeaseRow> leases = new HashMap<>();
    try {
      LeaseRows.scan(dynamoDb, applicationName).forEach(row -> leases.put(row.leaseKey(), row));
    } catch (ResourceNotFoundException e) {
      return new LeaseLedger(Map.of());
    }
    return new LeaseLedger(leases);
  }

  /** Whether the fleet has leases on the stream: it read or reads it. */
  public boolean holdsAnyOf(StreamShape stream) {
    return stream.shardIds().stream().anyMatch(byShardId::containsKey);
  }

  /** The stream ended and every leaf shard's lease is at its end: nothing is left to read. */
  public boolean readToTheEnd(StreamShape stream) {
    return stream.ended() && stream.leafShardIds().stream().allMatch(this::finished);
  }

  /** The stream's leases whose shard is read to its end. */
  public List<String> finishedLeasesOf(StreamShape stream) {
    return stream.shardIds().stream().filter(this::finished).sorted().toList();
  }

  private boolean finished(String shardId) {
    LeaseRow lease = byShardId.get(shardId);
    return lease != null && LeaseRows.finished(lease);
  }
}
