package io.github.ddbstreamworker.kcl;

import io.github.ddbstreamworker.core.ExceptionOutline;
import io.github.ddbstreamworker.core.failure.UnexpectedFailure;
import io.github.ddbstreamworker.metrics.WorkerMeters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The shards this worker halted after an unexpected exception in its own code, while it holds them.
 * Each halt is reported once: an ERROR line with the shard, the record, the stage and the
 * exception's classes and stack frames but no message ({@link ExceptionOutline} says why), a count,
 * a marker on the lease for {@code status}, and a failing {@code /health} naming the shard, so that
 * ECS replaces the task and another worker reads the record again.
 */
final class HaltedShards {

  private static final Logger log = LoggerFactory.getLogger(HaltedShards.class);

  private final Map<String, String> reasons = new ConcurrentSkipListMap<>();
  private final WorkerMeters meters;
  private final LeaseHaltMarker marker;

  HaltedShards(WorkerMeters meters, LeaseHaltMarker marker) {
    this.meters = meters;
    this.marker = marker;
  }

  /**
   * @param atRecord the record the shard halts at, which is not done; empty when the failure came
   *     between records and the shard halts at its checkpoint
   */
  void halt(String shardId, UnexpectedFailure failure, Optional<String> atRecord) {
    ExceptionOutline outline = failure.outline();
    String where = failure.stage().tag();
    String position = atRecord.map(record -> "at record " + record).orElse("at its checkpoint");
    reasons.put(
        shardId,
        "shard "
            + shardId
            + " halted "
            + position
            + " after an unexpected "
            + outline.exceptionClass()
            + " in the "
            + where);
    LoggingEventBuilder line =
        log.atError()
            .addKeyValue("shardId", shardId)
            .addKeyValue("where", where)
            .addKeyValue("exception", String.join(" caused by ", outline.classes()))
            .addKeyValue("stackTrace", outline.stackTrace());
    atRecord.ifPresent(record -> line.addKeyValue("sequenceNumber", record));
    line.log(
        "unexpected {} in the {}: shard halted {}; nothing from there on is processed or"
            + " checkpointed by this worker, and /health fails until another worker takes the shard",
        outline.exceptionClass(),
        where,
        position);
    try {
      meters.unexpectedError(failure.stage());
    } catch (RuntimeException meterFailed) {
      // The meters may be what failed; the line above and /health still report the halt.
    }
    marker.halted(shardId, where, outline.exceptionClass(), atRecord);
  }

  /** A shard this worker takes: an old marker of its own on the lease no longer holds. */
  void starting(String shardId) {
    marker.cleared(shardId);
  }

  /** The worker lets the shard go: another worker continues from its checkpoint. */
  void released(String shardId) {
    reasons.remove(shardId);
  }

  /** Why each halted shard halted, in shard order; empty when none is. */
  List<String> reasons() {
    return List.copyOf(reasons.values());
  }
}
