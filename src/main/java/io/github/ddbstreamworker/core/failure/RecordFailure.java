package io.github.ddbstreamworker.core.failure;

import io.github.ddbstreamworker.core.RecordSource;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * A record the worker gives up on, with why. The record is already redacted.
 *
 * @param attempts how many times it was processed; 0 when it was too old to try
 */
public record RecordFailure(
    Record record, RecordSource source, Reason reason, String error, int attempts) {

  /** Why the record was handed to the failure destination. */
  public enum Reason {
    RETRIES_EXHAUSTED,
    RECORD_TOO_OLD;

    /** The value used in metrics tags and failure messages. */
    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public String sequenceNumber() {
    return record.dynamodb().sequenceNumber();
  }
}
