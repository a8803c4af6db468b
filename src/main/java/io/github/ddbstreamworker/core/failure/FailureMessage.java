package io.github.ddbstreamworker.core.failure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ddbstreamworker.core.filter.LambdaRecordShape;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * The body of a failure message: where the record was, why it failed, and the record itself in the
 * shape Lambda gives stream records, or only its keys when the whole record would not fit.
 */
public final class FailureMessage {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FailureMessage() {}

  /**
   * @param maxBytes the largest body the destination takes, in UTF-8 bytes
   */
  public static String toJson(RecordFailure failure, int maxBytes) {
    ObjectNode message = JSON.createObjectNode();
    StreamRecord change = failure.record().dynamodb();
    message.put("streamArn", failure.source().streamArn());
    message.put("table", failure.source().tableName());
    message.put("shardId", failure.source().shardId());
    message.put("sequenceNumber", change.sequenceNumber());
    message.put("eventName", failure.record().eventNameAsString());
    message.put("eventId", failure.record().eventID());
    Instant created = change.approximateCreationDateTime();
    message.put("approximateCreationDateTime", created == null ? null : created.toString());
    message.put("reason", failure.reason().tag());
    message.put("attempts", failure.attempts());
    message.put("error", failure.error());
    ObjectNode whole = message.deepCopy();
    whole.set("record", LambdaRecordShape.of(failure.record(), failure.source()));
    String body = whole.toString();
    if (body.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return body;
    }
    message.put("recordOmitted", "the record is larger than a message; its keys follow");
    message.set("keys", LambdaRecordShape.typedMap(change.keys()));
    return message.toString();
  }
}
