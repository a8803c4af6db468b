package io.github.ddbstreamworker.kcl;

import io.github.ddbstreamworker.aws.ResolvedStream;
import io.github.ddbstreamworker.config.CheckpointInterval;
import io.github.ddbstreamworker.core.failure.BatchProcessor;
import io.github.ddbstreamworker.metrics.WorkerMeters;
import java.util.function.BooleanSupplier;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/** Gives the KCL one {@link ItemRecordProcessor} per shard, all sharing one batch processor. */
final class ItemRecordProcessorFactory implements ShardRecordProcessorFactory {

  private final BatchProcessor batches;
  private final ResolvedStream stream;
  private final OpenShards openShards;
  private final WorkerMeters meters;
  private final BooleanSupplier stopping;
  private final CheckpointInterval checkpointInterval;

  ItemRecordProcessorFactory(
      BatchProcessor batches,
      ResolvedStream stream,
      OpenShards openShards,
      WorkerMeters meters,
      BooleanSupplier stopping,
      CheckpointInterval checkpointInterval) {
    this.batches = batches;
    this.checkpointInterval = checkpointInterval;
    this.stream = stream;
    this.openShards = openShards;
    this.meters = meters;
    this.stopping = stopping;
  }

  @Override
  public ShardRecordProcessor shardRecordProcessor() {
    return new ItemRecordProcessor(
        batches, stream, openShards, meters, stopping, checkpointInterval);
  }
}
