package io.github.ddbstreamworker.kcl;

import io.github.ddbstreamworker.aws.ResolvedStream;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.metrics.WorkerMeters;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/** Gives the KCL one {@link ItemRecordProcessor} per shard, all sharing one pipeline. */
final class ItemRecordProcessorFactory implements ShardRecordProcessorFactory {

  private final RecordPipeline pipeline;
  private final ResolvedStream stream;
  private final OpenShards openShards;
  private final WorkerMeters meters;

  ItemRecordProcessorFactory(
      RecordPipeline pipeline, ResolvedStream stream, OpenShards openShards, WorkerMeters meters) {
    this.pipeline = pipeline;
    this.stream = stream;
    this.openShards = openShards;
    this.meters = meters;
  }

  @Override
  public ShardRecordProcessor shardRecordProcessor() {
    return new ItemRecordProcessor(pipeline, stream, openShards, meters);
  }
}
