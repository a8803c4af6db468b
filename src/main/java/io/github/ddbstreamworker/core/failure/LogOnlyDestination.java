package io.github.ddbstreamworker.core.failure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Used when no FAILURE_QUEUE_URL is set: the failure is reported as an ERROR line with the record's
 * coordinates (never its content), and the shard moves on.
 */
public final class LogOnlyDestination implements FailureDestination {

  private static final Logger log = LoggerFactory.getLogger(LogOnlyDestination.class);

  @Override
  public void send(RecordFailure failure) {
    log.atError()
        .addKeyValue("shardId", failure.source().shardId())
        .addKeyValue("sequenceNumber", failure.sequenceNumber())
        .addKeyValue("eventName", failure.record().eventNameAsString())
        .addKeyValue("reason", failure.reason().tag())
        .addKeyValue("attempts", failure.attempts())
        .log("record skipped, no failure destination set (FAILURE_QUEUE_URL): {}", failure.error());
  }

  @Override
  public String name() {
    return "log";
  }
}
