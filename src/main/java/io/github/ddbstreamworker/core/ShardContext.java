package io.github.ddbstreamworker.core;

/** Where a batch of records comes from. */
public record ShardContext(String tableName, String shardId) {}
