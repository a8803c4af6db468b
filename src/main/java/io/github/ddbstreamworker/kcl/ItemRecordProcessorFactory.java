package io.github.ddbstreamworker.kcl;

import io.github.ddbstreamworker.core.RecordPipeline;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/** Gives the KCL one {@link ItemRecordProcessor} per shard, all sharing one pipeline. */
final class ItemRecordProcessorFactory implements ShardRecordProcessorFactory {

  private final RecordPipeline pipeline;
  private final String tableName;
  private final OpenShards openShards;

  ItemRecordProcessorFactory(RecordPipeline pipeline, String tableName, OpenShards openShards) {
    this.pipeline = pipeline;
    this.tableName = tableName;
    this.openShards = openShards;
  }

  @Override
  public ShardRecordProcessor shardRecordProcessor() {
    return new ItemRecordProcessor(pipeline, tableName, openShards);
  }
}
