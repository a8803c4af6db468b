package io.github.ddbstreamworker.kcl;

import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import com.amazonaws.services.dynamodbv2.streamsadapter.processor.DynamoDBStreamsShardRecordProcessor;
import io.github.ddbstreamworker.aws.ResolvedStream;
import io.github.ddbstreamworker.config.CheckpointInterval;
import io.github.ddbstreamworker.core.RecordSource;
import io.github.ddbstreamworker.core.failure.BatchProcessor;
import io.github.ddbstreamworker.metrics.ShardMeters;
import io.github.ddbstreamworker.metrics.WorkerMeters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.KinesisClientLibDependencyException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.exceptions.ThrottlingException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;

/**
 * Processes one shard for the KCL: each batch goes through the batch processor, then is
 * checkpointed as far as it got. Also checkpoints at shard end, without which child shards never
 * start, and on shutdown.
 */
final class ItemRecordProcessor implements DynamoDBStreamsShardRecordProcessor {

  private static final Logger log = LoggerFactory.getLogger(ItemRecordProcessor.class);
  private static final String SHARD_ID = "shardId";

  private final BatchProcessor batches;
  private final ResolvedStream stream;
  private final OpenShards openShards;
  private final WorkerMeters workerMeters;
  private final BooleanSupplier stopping;
  private final CheckpointInterval checkpointInterval;
  private RecordSource shard;
  private ShardMeters meters;

  /**
   * Set when a stop came while the shard waited on the failure destination: records after the
   * waiting one must be neither processed nor checkpointed.
   */
  private boolean halted;

  /**
   * Records processed since the last checkpoint, filtered-out ones included: a crash re-reads them
   * all.
   */
  private long uncheckpointedRecords;

  private long lastCheckpointNanos;

  ItemRecordProcessor(
      BatchProcessor batches,
      ResolvedStream stream,
      OpenShards openShards,
      WorkerMeters workerMeters,
      BooleanSupplier stopping,
      CheckpointInterval checkpointInterval) {
    this.batches = batches;
    this.checkpointInterval = checkpointInterval;
    this.stream = stream;
    this.openShards = openShards;
    this.workerMeters = workerMeters;
    this.stopping = stopping;
  }

  @Override
  public void initialize(InitializationInput input) {
    shard = new RecordSource(stream.streamArn(), stream.tableName(), input.shardId());
    openShards.opened(shard.shardId());
    meters = workerMeters.openShard(shard.shardId());
    lastCheckpointNanos = System.nanoTime() - checkpointInterval.time().toNanos();
    MDC.put(SHARD_ID, shard.shardId());
    try {
      log.info("processing shard from {}", input.extendedSequenceNumber().sequenceNumber());
    } finally {
      MDC.remove(SHARD_ID);
    }
  }

  /** Called for every read, empty or not, so the shard's gauges and heartbeat stay current. */
  @Override
  public void processRecords(DynamoDBStreamsProcessRecordsInput input) {
    MDC.put(SHARD_ID, shard.shardId());
    try {
      if (halted) {
        return;
      }
      openShards.heard(shard.shardId());
      List<Record> records =
          input.records().stream().map(DynamoDBStreamsClientRecord::getRecord).toList();
      BatchProcessor.Result result = batches.process(records, shard, this::stopWhileWaiting);
      meters.batch(result.done(), newestCreationTime(records), input.millisBehindLatest());
      if (result.done() < records.size()) {
        halted = true;
        result
            .lastDoneSequenceNumber()
            .ifPresent(sequenceNumber -> checkpointAt(input.checkpointer(), sequenceNumber));
      } else {
        uncheckpointedRecords += records.size();
        Duration sinceCheckpoint = Duration.ofNanos(System.nanoTime() - lastCheckpointNanos);
        if (checkpointInterval.isDue(sinceCheckpoint, uncheckpointedRecords)) {
          checkpoint(input.checkpointer(), ShardMeters.Reason.BATCH);
        }
      }
    } finally {
      MDC.remove(SHARD_ID);
    }
  }

  @Override
  public void leaseLost(LeaseLostInput input) {
    MDC.put(SHARD_ID, shard.shardId());
    try {
      log.info("lease lost or given up; a worker holding it continues from the last checkpoint");
    } finally {
      release();
    }
  }

  @Override
  public void shardEnded(ShardEndedInput input) {
    MDC.put(SHARD_ID, shard.shardId());
    try {
      checkpoint(input.checkpointer(), ShardMeters.Reason.SHARD_END);
      log.info("shard ended; its children may start");
    } finally {
      release();
    }
  }

  @Override
  public void shutdownRequested(ShutdownRequestedInput input) {
    MDC.put(SHARD_ID, shard.shardId());
    try {
      if (halted) {
        log.info("not checkpointed past the record that waits on the failure destination");
      } else {
        checkpoint(input.checkpointer(), ShardMeters.Reason.SHUTDOWN);
        log.info("checkpointed for shutdown");
      }
    } finally {
      release();
    }
  }

  private void release() {
    openShards.closed(shard.shardId());
    meters.close();
    MDC.remove(SHARD_ID);
  }

  /** Asked every pause while the shard waits on the failure destination: waiting is not stuck. */
  private boolean stopWhileWaiting() {
    openShards.heard(shard.shardId());
    return stopping.getAsBoolean();
  }

  private void checkpoint(RecordProcessorCheckpointer checkpointer, ShardMeters.Reason reason) {
    checkpoint(checkpointer, reason, null);
  }

  /** Up to and including the given record, and no further. */
  private void checkpointAt(RecordProcessorCheckpointer checkpointer, String sequenceNumber) {
    checkpoint(checkpointer, ShardMeters.Reason.BATCH, sequenceNumber);
  }

  private void checkpoint(
      RecordProcessorCheckpointer checkpointer, ShardMeters.Reason reason, String sequenceNumber) {
    long started = System.nanoTime();
    try {
      if (sequenceNumber == null) {
        checkpointer.checkpoint();
        uncheckpointedRecords = 0;
      } else {
        checkpointer.checkpoint(sequenceNumber);
      }
      lastCheckpointNanos = System.nanoTime();
      meters.checkpoint(reason, ShardMeters.Outcome.WRITTEN, System.nanoTime() - started);
    } catch (ShutdownException e) {
      meters.checkpoint(reason, ShardMeters.Outcome.SKIPPED, System.nanoTime() - started);
      log.info("checkpoint at {} skipped: the lease is no longer ours", reason);
    } catch (InvalidStateException | KinesisClientLibDependencyException | ThrottlingException e) {
      meters.checkpoint(reason, ShardMeters.Outcome.FAILED, System.nanoTime() - started);
      // The records stay logged; the next checkpoint covers them, and at shard end the KCL calls
      // shardEnded again until the checkpoint is stored.
      log.warn("checkpoint at {} failed and will be retried: {}", reason, e.toString());
    }
  }

  private static Instant newestCreationTime(List<Record> records) {
    return records.isEmpty()
        ? null
        : records.get(records.size() - 1).dynamodb().approximateCreationDateTime();
  }
}
