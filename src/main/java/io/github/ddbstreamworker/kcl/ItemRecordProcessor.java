package io.github.ddbstreamworker.kcl;

import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.model.DynamoDBStreamsProcessRecordsInput;
import com.amazonaws.services.dynamodbv2.streamsadapter.processor.DynamoDBStreamsShardRecordProcessor;
import io.github.ddbstreamworker.aws.ResolvedStream;
import io.github.ddbstreamworker.config.CheckpointInterval;
import io.github.ddbstreamworker.core.RecordSource;
import io.github.ddbstreamworker.core.Stage;
import io.github.ddbstreamworker.core.failure.BatchProcessor;
import io.github.ddbstreamworker.core.failure.UnexpectedFailure;
import io.github.ddbstreamworker.metrics.ShardMeters;
import io.github.ddbstreamworker.metrics.WorkerMeters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
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
 *
 * <p>No callback lets an exception reach the KCL, which would log the batch's records, content and
 * all, as "skipped" and let a later checkpoint pass them. Something unexpected halts the shard
 * instead: checkpointed up to the last record done, nothing after it processed or checkpointed
 * again, reported through {@link HaltedShards}.
 */
final class ItemRecordProcessor implements DynamoDBStreamsShardRecordProcessor {

  private static final Logger log = LoggerFactory.getLogger(ItemRecordProcessor.class);
  private static final String SHARD_ID = "shardId";

  private final BatchProcessor batches;
  private final ResolvedStream stream;
  private final OpenShards openShards;
  private final WorkerMeters workerMeters;
  private final HaltedShards halts;
  private final BooleanSupplier stopping;
  private final CheckpointInterval checkpointInterval;
  private final UnaryOperator<RecordProcessorCheckpointer> checkpointers;
  private final ShardStartTimes startTimes;

  /** Records created before it are passed over; empty when every record is processed. */
  private Optional<Instant> startTime = Optional.empty();

  private String shardId;
  private RecordSource shard;
  private ShardMeters meters;

  /**
   * Set when the shard must not move: a stop came while it waited on the failure destination, or
   * something unexpected was thrown. Records after the last one done are neither processed nor
   * checkpointed.
   */
  private boolean halted;

  private boolean haltReportedAtShardEnd;

  /** The shard-end checkpoint is stored: the KCL calls nothing more, whatever followed it. */
  private boolean endCheckpointed;

  /** The last record processed or handed over, across batches; null before the first. */
  private String lastDoneSequenceNumber;

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
      HaltedShards halts,
      BooleanSupplier stopping,
      CheckpointInterval checkpointInterval,
      UnaryOperator<RecordProcessorCheckpointer> checkpointers,
      ShardStartTimes startTimes) {
    this.batches = batches;
    this.checkpointInterval = checkpointInterval;
    this.stream = stream;
    this.openShards = openShards;
    this.workerMeters = workerMeters;
    this.halts = halts;
    this.stopping = stopping;
    this.checkpointers = checkpointers;
    this.startTimes = startTimes;
  }

  @Override
  public void initialize(InitializationInput input) {
    shardId = input.shardId();
    MDC.put(SHARD_ID, shardId);
    try {
      halts.starting(shardId);
      shard = new RecordSource(stream.streamArn(), stream.tableName(), shardId);
      lastCheckpointNanos = System.nanoTime() - checkpointInterval.time().toNanos();
      openShards.opened(shardId);
      meters = Stage.METER.call(() -> workerMeters.openShard(shardId));
      log.info("processing shard from {}", input.extendedSequenceNumber().sequenceNumber());
      startTime = startTimes.forShard(shardId, input.extendedSequenceNumber());
    } catch (Throwable unexpected) {
      halt(UnexpectedFailure.of(unexpected, Stage.PROCESSOR), Optional.empty(), null);
    } finally {
      MDC.remove(SHARD_ID);
    }
  }

  /** Called for every read, empty or not, so the shard's gauges and heartbeat stay current. */
  @Override
  public void processRecords(DynamoDBStreamsProcessRecordsInput input) {
    MDC.put(SHARD_ID, shardId);
    RecordProcessorCheckpointer checkpointer = null;
    try {
      if (halted) {
        return;
      }
      openShards.heard(shardId);
      checkpointer = checkpointers.apply(input.checkpointer());
      List<Record> records =
          input.records().stream().map(DynamoDBStreamsClientRecord::getRecord).toList();
      BatchProcessor.Result result =
          batches.process(records, shard, startTime, this::stopWhileWaiting);
      result.lastDoneSequenceNumber().ifPresent(done -> lastDoneSequenceNumber = done);
      uncheckpointedRecords += result.done();
      Stage.METER.run(
          () ->
              meters.batch(result.done(), newestCreationTime(records), input.millisBehindLatest()));
      if (result.unexpected().isPresent()) {
        halt(
            result.unexpected().get(), Optional.of(recordAt(records, result.done())), checkpointer);
      } else if (result.done() < records.size()) {
        halted = true;
        checkpointLastDone(checkpointer);
      } else {
        Duration sinceCheckpoint = Duration.ofNanos(System.nanoTime() - lastCheckpointNanos);
        if (checkpointInterval.isDue(sinceCheckpoint, uncheckpointedRecords)) {
          checkpoint(checkpointer, ShardMeters.Reason.BATCH);
        }
      }
    } catch (Throwable unexpected) {
      halt(UnexpectedFailure.of(unexpected, Stage.PROCESSOR), Optional.empty(), checkpointer);
    } finally {
      MDC.remove(SHARD_ID);
    }
  }

  @Override
  public void leaseLost(LeaseLostInput input) {
    if (shardId == null) {
      return; // never initialised: nothing was read, opened or counted for it
    }
    MDC.put(SHARD_ID, shardId);
    try {
      log.info("lease lost or given up; a worker holding it continues from the last checkpoint");
    } finally {
      release();
    }
  }

  /**
   * Checkpoints at the shard's end. A halted shard is not: the KCL then calls again until it is, so
   * the shard keeps its lease and its children wait, until the worker is replaced.
   */
  @Override
  public void shardEnded(ShardEndedInput input) {
    if (shardId == null) {
      return; // never initialised: nothing was read, opened or counted for it
    }
    MDC.put(SHARD_ID, shardId);
    if (halted) {
      try {
        if (!haltReportedAtShardEnd) {
          haltReportedAtShardEnd = true;
          log.info("shard ended, but halted: not checkpointed at its end, so its children wait");
        }
      } finally {
        MDC.remove(SHARD_ID);
      }
      return;
    }
    try {
      checkpoint(input.checkpointer(), ShardMeters.Reason.SHARD_END);
      log.info("shard ended; its children may start");
    } catch (Throwable unexpected) {
      halt(UnexpectedFailure.of(unexpected, Stage.PROCESSOR), Optional.empty(), null);
    } finally {
      if (!halted || endCheckpointed) {
        release();
      } else {
        MDC.remove(SHARD_ID);
      }
    }
  }

  @Override
  public void shutdownRequested(ShutdownRequestedInput input) {
    if (shardId == null) {
      return; // never initialised: nothing was read, opened or counted for it
    }
    MDC.put(SHARD_ID, shardId);
    try {
      if (halted) {
        log.info("not checkpointed past the last record done: the shard is halted");
      } else {
        checkpoint(input.checkpointer(), ShardMeters.Reason.SHUTDOWN);
        log.info("checkpointed for shutdown");
      }
    } catch (Throwable unexpected) {
      halt(UnexpectedFailure.of(unexpected, Stage.PROCESSOR), Optional.empty(), null);
    } finally {
      release();
    }
  }

  /**
   * Stops the shard where it is and reports it; the last record done is checkpointed unless the
   * checkpointer is what failed (or none is at hand), and then the next owner starts from the
   * previous checkpoint.
   */
  private void halt(
      UnexpectedFailure failure,
      Optional<String> atRecord,
      RecordProcessorCheckpointer checkpointer) {
    halted = true;
    try {
      halts.halt(shardId, failure, atRecord);
    } catch (Throwable reportFailed) {
      log.error("shard halted; reporting it failed with {}", reportFailed.getClass().getName());
    }
    if (checkpointer != null && failure.stage() != Stage.CHECKPOINT) {
      try {
        checkpointLastDone(checkpointer);
      } catch (Throwable checkpointFailed) {
        log.warn(
            "could not checkpoint the halted shard ({}); the next worker repeats the records"
                + " since its last checkpoint",
            checkpointFailed.getClass().getName());
      }
    }
  }

  /** Each part runs whatever the others throw: an open shard left behind stalls a stop. */
  private void release() {
    try {
      openShards.closed(shardId);
      halts.released(shardId);
      if (meters != null) {
        try {
          meters.close();
        } catch (RuntimeException e) {
          log.warn("closing the shard's meters failed: {}", e.getClass().getName());
        }
      }
    } finally {
      MDC.remove(SHARD_ID);
    }
  }

  /** Asked every pause while the shard waits on the failure destination: waiting is not stuck. */
  private boolean stopWhileWaiting() {
    openShards.heard(shardId);
    return stopping.getAsBoolean();
  }

  /** Up to and including the last record done, if any is not checkpointed yet. */
  private void checkpointLastDone(RecordProcessorCheckpointer checkpointer) {
    if (lastDoneSequenceNumber != null && uncheckpointedRecords > 0) {
      checkpoint(checkpointer, ShardMeters.Reason.BATCH, lastDoneSequenceNumber);
    }
  }

  private void checkpoint(RecordProcessorCheckpointer checkpointer, ShardMeters.Reason reason) {
    checkpoint(checkpointer, reason, null);
  }

  /** Up to and including the given record, or the whole batch if null. */
  private void checkpoint(
      RecordProcessorCheckpointer checkpointer, ShardMeters.Reason reason, String sequenceNumber) {
    long started = System.nanoTime();
    ShardMeters.Outcome outcome =
        Stage.CHECKPOINT.call(() -> write(checkpointer, reason, sequenceNumber));
    if (outcome == ShardMeters.Outcome.WRITTEN) {
      uncheckpointedRecords = 0;
      lastCheckpointNanos = System.nanoTime();
      endCheckpointed = reason == ShardMeters.Reason.SHARD_END;
    }
    Stage.METER.run(() -> meters.checkpoint(reason, outcome, System.nanoTime() - started));
  }

  /** The KCL's checkpoint, the failures it documents turned into an outcome. */
  private static ShardMeters.Outcome write(
      RecordProcessorCheckpointer checkpointer, ShardMeters.Reason reason, String sequenceNumber) {
    try {
      if (sequenceNumber == null) {
        checkpointer.checkpoint();
      } else {
        checkpointer.checkpoint(sequenceNumber);
      }
      return ShardMeters.Outcome.WRITTEN;
    } catch (ShutdownException e) {
      log.info("checkpoint at {} skipped: the lease is no longer ours", reason);
      return ShardMeters.Outcome.SKIPPED;
    } catch (InvalidStateException | KinesisClientLibDependencyException | ThrottlingException e) {
      // The records stay logged; the next checkpoint covers them, and at shard end the KCL calls
      // shardEnded again until the checkpoint is stored.
      log.warn("checkpoint at {} failed and will be retried: {}", reason, e.toString());
      return ShardMeters.Outcome.FAILED;
    }
  }

  private static String recordAt(List<Record> records, int index) {
    return records.get(index).dynamodb().sequenceNumber();
  }

  private static Instant newestCreationTime(List<Record> records) {
    return records.isEmpty()
        ? null
        : records.get(records.size() - 1).dynamodb().approximateCreationDateTime();
  }
}
