package io.github.ddbstreamworker.core.failure;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.github.ddbstreamworker.core.RecordFailedException;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.core.RecordSource;
import io.github.ddbstreamworker.core.Stage;
import io.github.ddbstreamworker.core.StartTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Runs a shard's batch through the pipeline so that no record is lost and none stalls the shard: a
 * failing record is retried with back-off, then handed to the failure destination and passed. While
 * the destination cannot store it, the shard waits at that record and keeps trying; nothing after
 * it is processed or checkpointed.
 */
public final class BatchProcessor {

  private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);

  private final RecordPipeline pipeline;
  private final FailurePolicy policy;
  private final FailureDestination destination;
  private final FailureListener listener;
  private final Clock clock;
  private final RetryPolicy<Object> recordRetries;

  public BatchProcessor(
      RecordPipeline pipeline,
      FailurePolicy policy,
      FailureDestination destination,
      FailureListener listener,
      Clock clock) {
    this.pipeline = pipeline;
    this.policy = policy;
    this.destination = destination;
    this.listener = listener;
    this.clock = clock;
    this.recordRetries =
        RetryPolicy.builder()
            .handle(RecordFailedException.class)
            .withMaxRetries(policy.maxRetryAttempts())
            .withBackoff(policy.firstBackoff(), policy.maxBackoff())
            .build();
  }

  /**
   * What became of a batch.
   *
   * @param done how many records, from the start of the batch, were processed or handed over
   * @param lastDoneSequenceNumber the sequence number of the last of those, safe to checkpoint
   * @param unexpected what the worker's own code threw, if the batch ended on it; the record after
   *     the last done one is where the shard halts
   */
  public record Result(
      int done, Optional<String> lastDoneSequenceNumber, Optional<UnexpectedFailure> unexpected) {

    public Result(int done, Optional<String> lastDoneSequenceNumber) {
      this(done, lastDoneSequenceNumber, Optional.empty());
    }

    static Result of(List<Record> records, int done, UnexpectedFailure unexpected) {
      Optional<String> lastDone =
          done == 0
              ? Optional.empty()
              : Optional.of(records.get(done - 1).dynamodb().sequenceNumber());
      return new Result(done, lastDone, Optional.ofNullable(unexpected));
    }
  }

  /**
   * Processes the batch in order and flushes the sink. Nothing thrown leaves it: an unexpected
   * exception (a filter, sink, meter or destination that throws what none of them should) ends the
   * batch at the record it came from, and the result says how far the batch got.
   *
   * @param stopRequested checked while waiting on the destination; when it turns true the batch
   *     ends at the waiting record, which is not done
   */
  public Result process(List<Record> records, RecordSource source, BooleanSupplier stopRequested) {
    return process(records, source, Optional.empty(), stopRequested);
  }

  /**
   * As {@link #process(List, RecordSource, BooleanSupplier)}, passing over, counted but unlogged,
   * each record created before {@code startTime}: those are done like any other, so a checkpoint
   * moves past them.
   */
  public Result process(
      List<Record> records,
      RecordSource source,
      Optional<Instant> startTime,
      BooleanSupplier stopRequested) {
    int done = 0;
    // Of the done records, those whose lines the sink has flushed (or that have no line).
    int flushed = 0;
    Stage stage = Stage.PROCESSOR;
    try {
      for (Record record : records) {
        stage = Stage.PROCESSOR;
        if (StartTime.isAfterCreationOf(record, startTime)) {
          pipeline.passBeforeStart(record);
          done++;
          continue;
        }
        Optional<RecordFailure> failure = attempt(record, source);
        if (failure.isPresent()) {
          // The destination may keep the shard waiting; the lines before this record go out now.
          pipeline.flush();
          flushed = done;
          stage = Stage.FAILURE_DESTINATION;
          if (!handOver(failure.get(), stopRequested)) {
            break;
          }
          flushed = done + 1;
        }
        done++;
      }
      stage = Stage.PROCESSOR;
      pipeline.flush();
      return Result.of(records, done, null);
    } catch (RuntimeException | Error thrown) {
      UnexpectedFailure unexpected = UnexpectedFailure.of(thrown, stage);
      return Result.of(records, flushedAfter(unexpected, done, flushed), unexpected);
    }
  }

  /**
   * How many records are done after an unexpected failure: only those whose lines reached the sink
   * and were flushed. After a sink failure the sink is not tried again in this batch.
   */
  private int flushedAfter(UnexpectedFailure unexpected, int done, int flushed) {
    if (unexpected.stage() == Stage.SINK || done == flushed) {
      return flushed;
    }
    try {
      pipeline.flush();
      return done;
    } catch (RuntimeException | Error alsoThrown) {
      // The first failure is the one reported; this one only means fewer records are done.
      return flushed;
    }
  }

  private Optional<RecordFailure> attempt(Record record, RecordSource source) {
    Optional<Duration> age = tooOld(record);
    if (age.isPresent()) {
      return Optional.of(
          new RecordFailure(
              pipeline.redact(record),
              source,
              RecordFailure.Reason.RECORD_TOO_OLD,
              "the record is " + age.get().toSeconds() + " s old, over MAX_RECORD_AGE",
              0));
    }
    AtomicInteger attempts = new AtomicInteger();
    try {
      Failsafe.with(recordRetries)
          .run(
              () -> {
                attempts.incrementAndGet();
                pipeline.process(record, source);
              });
      return Optional.empty();
    } catch (RecordFailedException | FailsafeException e) {
      Throwable cause = e instanceof FailsafeException && e.getCause() != null ? e.getCause() : e;
      return Optional.of(
          new RecordFailure(
              pipeline.redact(record),
              source,
              RecordFailure.Reason.RETRIES_EXHAUSTED,
              cause.getMessage(),
              attempts.get()));
    }
  }

  private Optional<Duration> tooOld(Record record) {
    Instant created = record.dynamodb().approximateCreationDateTime();
    if (policy.maxRecordAge().isEmpty() || created == null) {
      return Optional.empty();
    }
    Duration age = Duration.between(created, clock.instant());
    return age.compareTo(policy.maxRecordAge().get()) > 0 ? Optional.of(age) : Optional.empty();
  }

  /** Sends the failure until the destination takes it; false if a stop came first. */
  private boolean handOver(RecordFailure failure, BooleanSupplier stopRequested) {
    AtomicBoolean blocked = new AtomicBoolean();
    RetryPolicy<Object> untilStored =
        RetryPolicy.builder()
            .handle(FailureDestinationException.class)
            .withMaxRetries(-1)
            .withBackoff(policy.firstBackoff(), policy.maxBackoff())
            .abortOn(e -> stopRequested.getAsBoolean())
            .onFailedAttempt(
                attempt -> {
                  Stage.METER.run(() -> listener.destinationFailed(destination.name()));
                  if (blocked.compareAndSet(false, true)) {
                    waitAt(failure, attempt.getLastException().getMessage());
                  }
                })
            .build();
    try {
      Failsafe.with(untilStored).run(() -> destination.send(failure));
      pipeline.countFailure(failure.record());
      Stage.METER.run(() -> listener.recordFailed(failure.reason(), destination.name()));
      if (blocked.get()) {
        log.info("failure destination reachable again; the shard moves on");
      }
      return true;
    } catch (FailureDestinationException | FailsafeException stopped) {
      log.atWarn()
          .addKeyValue("sequenceNumber", failure.sequenceNumber())
          .log("stopping while waiting on the failure destination; not checkpointed past it");
      return false;
    } finally {
      if (blocked.get()) {
        Stage.METER.run(() -> listener.resumed(failure.source().shardId()));
      }
    }
  }

  private void waitAt(RecordFailure failure, String destinationError) {
    Stage.METER.run(() -> listener.waiting(failure, destinationError));
    log.atError()
        .addKeyValue("sequenceNumber", failure.sequenceNumber())
        .log(
            "the shard waits at this record until the failure destination takes it: {}",
            destinationError);
  }
}
