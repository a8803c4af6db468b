package io.github.ddbstreamworker.core;

import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** Decides whether a stream record is logged. */
@FunctionalInterface
public interface RecordFilter {

  boolean accepts(Record record);

  /** Passes INSERT records only: new items, not updates, overwrites or deletions. */
  static RecordFilter insertsOnly() {
    return eventNames(Set.of("INSERT"));
  }

  static RecordFilter eventNames(Set<String> accepted) {
    Set<String> names = Set.copyOf(accepted);
    return record -> names.contains(record.eventNameAsString());
  }
}
