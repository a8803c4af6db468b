package io.github.ddbstreamworker.status;

import io.github.ddbstreamworker.kcl.upstream.LeaseRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.Shard;

/**
 * Finds the unfinished shards that no live worker holds: nothing reads them until the KCL leader
 * gives them to a worker. Not counted: a finished shard (checkpoint SHARD_END); a shard whose
 * parent's lease is not finished, which waits for its parent by design; and a closed shard without
 * a lease, which is either finished and cleaned up or older than where the application started.
 */
public final class UnownedShards {

  static final String SHARD_END = "SHARD_END";

  private UnownedShards() {}

  /**
   * @param leases the application's leases by shard id; empty if it has no lease table yet
   * @param liveWorkers ids of the workers that reported recently ({@link FleetCensus})
   */
  public static List<StreamStatus.UnownedShard> among(
      List<Shard> shards, Map<String, LeaseRow> leases, Set<String> liveWorkers) {
    List<StreamStatus.UnownedShard> unowned = new ArrayList<>();
    for (Shard shard : shards) {
      LeaseRow lease = leases.get(shard.shardId());
      if (waitsForParent(shard, leases)) {
        continue;
      }
      if (lease == null) {
        if (FleetCensus.isOpen(shard)) {
          unowned.add(
              new StreamStatus.UnownedShard(
                  shard.shardId(),
                  null,
                  "has no lease; the KCL leader's next shard sync should create it"));
        }
      } else if (!SHARD_END.equals(lease.checkpoint())) {
        if (lease.owner() == null) {
          unowned.add(
              new StreamStatus.UnownedShard(
                  shard.shardId(), null, "has no owner; waits for the KCL leader to assign it"));
        } else if (!liveWorkers.contains(lease.owner())) {
          unowned.add(
              new StreamStatus.UnownedShard(
                  shard.shardId(),
                  lease.owner(),
                  "is held by "
                      + lease.owner()
                      + ", which has not reported for "
                      + FleetCensus.WORKER_SILENCE.toSeconds()
                      + " s; the KCL leader reassigns it once the lease expires"));
        }
      }
    }
    return unowned;
  }

  /** As the KCL decides: a parent without a lease does not hold its child back. */
  private static boolean waitsForParent(Shard shard, Map<String, LeaseRow> leases) {
    LeaseRow parent = shard.parentShardId() == null ? null : leases.get(shard.parentShardId());
    return parent != null && !SHARD_END.equals(parent.checkpoint());
  }
}
