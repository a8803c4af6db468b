package io.github.ddbstreamworker.testsupport;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** SDK v2 stream records as the adapter hands them to the core, for tests outside {@code core}. */
public final class StreamRecords {

  public static final Instant CREATED = Instant.parse("2026-01-02T03:04:00Z");

  private StreamRecords() {}

  /** An INSERT of {@code newImage}, keyed by its {@code id} attribute, created at CREATED. */
  public static Record insert(String sequenceNumber, Map<String, AttributeValue> newImage) {
    return insert(sequenceNumber, CREATED, newImage);
  }

  public static Record insert(
      String sequenceNumber, Instant created, Map<String, AttributeValue> newImage) {
    return Record.builder()
        .eventID("event-" + sequenceNumber)
        .eventName(OperationType.INSERT)
        .eventVersion("1.1")
        .eventSource("aws:dynamodb")
        .awsRegion("us-east-1")
        .dynamodb(
            StreamRecord.builder()
                .sequenceNumber(sequenceNumber)
                .approximateCreationDateTime(created)
                .keys(Map.of("id", newImage.get("id")))
                .newImage(newImage)
                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
                .build())
        .build();
  }
}
