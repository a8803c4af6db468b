package io.github.ddbstreamworker.core;

import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** INITIAL_TIMESTAMP at work: records created before the start are passed over, not logged. */
public final class StartTime {

  private StartTime() {}

  /** A record without a creation time is not known to be before the start: it is processed. */
  public static boolean isAfterCreationOf(Record record, Optional<Instant> start) {
    Instant created = record.dynamodb().approximateCreationDateTime();
    return start.isPresent() && created != null && created.isBefore(start.get());
  }
}
