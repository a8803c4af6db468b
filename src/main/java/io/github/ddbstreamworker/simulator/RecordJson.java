package io.github.ddbstreamworker.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A stream record in the JSON GetRecords answers with (API reference, "Record" and "StreamRecord"),
 * written once when the change is appended. Which images it carries follows the stream's view type;
 * timestamps are epoch seconds as a JSON number, as the JSON protocol sends them.
 */
final class RecordJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private RecordJson() {}

  static byte[] write(
      Change change,
      Map<String, AttributeValue> keys,
      StreamViewType viewType,
      String eventId,
      String region,
      long createdMillis,
      String sequenceNumber) {
    boolean withNew = change.newItem() != null && includesNew(viewType);
    boolean withOld = change.oldItem() != null && includesOld(viewType);
    long sizeBytes =
        ItemSize.of(keys)
            + (withNew ? ItemSize.of(change.newItem()) : 0)
            + (withOld ? ItemSize.of(change.oldItem()) : 0);
    ByteArrayBuilder bytes = new ByteArrayBuilder(512);
    try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeStringField("eventID", eventId);
      json.writeStringField("eventName", change.operation().toString());
      json.writeStringField("eventVersion", "1.1");
      json.writeStringField("eventSource", "aws:dynamodb");
      json.writeStringField("awsRegion", region);
      json.writeObjectFieldStart("dynamodb");
      json.writeFieldName("ApproximateCreationDateTime");
      json.writeNumber(epochSeconds(createdMillis));
      json.writeFieldName("Keys");
      AttributeValueJson.writeItem(json, keys);
      if (withNew) {
        json.writeFieldName("NewImage");
        AttributeValueJson.writeItem(json, change.newItem());
      }
      if (withOld) {
        json.writeFieldName("OldImage");
        AttributeValueJson.writeItem(json, change.oldItem());
      }
      json.writeStringField("SequenceNumber", sequenceNumber);
      json.writeNumberField("SizeBytes", Math.max(1, sizeBytes));
      json.writeStringField("StreamViewType", viewType.toString());
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Seconds with a millisecond fraction, e.g. {@code 1764574277.123}. */
  static String epochSeconds(long millis) {
    long fraction = Math.floorMod(millis, 1000L);
    return Math.floorDiv(millis, 1000L)
        + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".")
        + fraction;
  }

  private static boolean includesNew(StreamViewType viewType) {
    return viewType == StreamViewType.NEW_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
  }

  private static boolean includesOld(StreamViewType viewType) {
    return viewType == StreamViewType.OLD_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
  }
}
