package io.github.ddbstreamworker.core;

import software.amazon.awssdk.services.dynamodb.model.Record;

/** Decides whether a stream record is logged. */
@FunctionalInterface
public interface RecordFilter {

  boolean accepts(Record record, RecordSource source);
}
