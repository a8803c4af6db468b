package io.github.ddbstreamworker.status;

import java.util.List;

/**
 * What {@code status} reports: every shard with its lease, the totals, the unfinished shards no
 * live worker holds, and the warnings.
 */
public record StreamStatus(
    String streamArn,
    String streamRole,
    String applicationName,
    List<Shard> shards,
    int openShards,
    int liveWorkers,
    List<UnownedShard> unownedShards,
    int shardsPerWorker,
    int recommendedWorkers,
    List<String> warnings) {

  /** The same report, saying which stream of the table this is and its status. */
  public StreamStatus withStreamRole(String role) {
    return new StreamStatus(
        streamArn,
        role,
        applicationName,
        shards,
        openShards,
        liveWorkers,
        unownedShards,
        shardsPerWorker,
        recommendedWorkers,
        warnings);
  }

  /**
   * One shard of the stream and its lease, if it has one.
   *
   * @param checkpoint a sequence number, TRIM_HORIZON, LATEST or SHARD_END; null without a lease
   * @param renewing whether the owner renewed the lease while status watched; null if not watched
   * @param waitingOnDestination why the owner waits at a record the failure destination has not
   *     taken; null when it does not
   * @param halted why the owner halted the shard after an unexpected exception in its own code;
   *     null when it did not
   */
  public record Shard(
      String shardId,
      String parentShardId,
      boolean open,
      String owner,
      String checkpoint,
      Long leaseCounter,
      Boolean renewing,
      String waitingOnDestination,
      String halted) {

    boolean hasLease() {
      return leaseCounter != null;
    }
  }

  /**
   * An unfinished shard that no live worker holds, so nothing reads it.
   *
   * @param owner the lease's owner, a worker that stopped reporting; null when there is none
   * @param why what holds it, for people
   */
  public record UnownedShard(String shardId, String owner, String why) {}
}
