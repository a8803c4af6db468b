package io.github.ddbstreamworker.core;

/**
 * Where a record comes from: its stream, that stream's table, and the shard when the delivering
 * side knows it (the KCL does; a Lambda event does not name the shard, so it is null there).
 */
public record RecordSource(String streamArn, String tableName, String shardId) {}
