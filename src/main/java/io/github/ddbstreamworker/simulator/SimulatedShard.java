package io.github.ddbstreamworker.simulator;

/**
 * A snapshot of one shard: its id, lineage, whether it still takes records, and how many it holds.
 *
 * @param parentShardId {@code null} for a shard the stream started with
 * @param recordCount records appended to the shard since it opened, trimmed ones included
 */
public record SimulatedShard(
    String shardId, String parentShardId, boolean open, long recordCount) {}
