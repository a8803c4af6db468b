package io.github.ddbstreamworker.kcl;

import io.github.ddbstreamworker.aws.ResolvedStream;
import io.github.ddbstreamworker.config.CheckpointInterval;
import io.github.ddbstreamworker.core.failure.BatchProcessor;
import io.github.ddbstreamworker.metrics.WorkerMeters;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;

/** Gives the KCL one {@link ItemRecordProcessor} per shard, all sharing one batch processor. */
final class ItemRecordProcessorFactory implements ShardRecordProcessorFactory {

  private final BatchProcessor batches;
  private final ResolvedStream stream;
  private final OpenShards openShards;
  private final WorkerMeters meters;
  private final HaltedShards halts;
  private final BooleanSupplier stopping;
  private final CheckpointInterval checkpointInterval;
  private final UnaryOperator<RecordProcessorCheckpointer> checkpointers;
  private final ShardStartTimes startTimes;

  /**
   * @param checkpointers wraps the KCL's checkpointer of each batch; the identity but in fault
   *     tests
   * @param startTimes which records of each shard are passed over as created before the start
   */
  ItemRecordProcessorFactory(
      BatchProcessor batches,
      ResolvedStream stream,
      OpenShards openShards,
      WorkerMeters meters,
      HaltedShards halts,
      BooleanSupplier stopping,
      CheckpointInterval checkpointInterval,
      UnaryOperator<RecordProcessorCheckpointer> checkpointers,
      ShardStartTimes startTimes) {
    this.batches = batches;
    this.checkpointInterval = checkpointInterval;
    this.stream = stream;
    this.openShards = openShards;
    this.meters = meters;
    this.halts = halts;
    this.stopping = stopping;
    this.checkpointers = checkpointers;
    this.startTimes = startTimes;
  }

  @Override
  public ShardRecordProcessor shardRecordProcessor() {
    return new ItemRecordProcessor(
        batches,
        stream,
        openShards,
        meters,
        halts,
        stopping,
        checkpointInterval,
        checkpointers,
        startTimes);
  }
}
