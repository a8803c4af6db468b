package io.github.ddbstreamworker.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ddbstreamworker.core.RecordSource;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * A stream record in the JSON shape Lambda gives a function for a DynamoDB trigger, which is what
 * Lambda matches filter patterns against: metadata at the top, {@code dynamodb} with typed values
 * such as {@code {"N": "5"}}.
 */
public final class LambdaRecordShape {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private LambdaRecordShape() {}

  public static ObjectNode of(Record record, RecordSource source) {
    ObjectNode event = envelope(record, source);
    StreamRecord change = record.dynamodb();
    if (change != null) {
      event.set("dynamodb", dynamodb(change));
    }
    return event;
  }

  /** The record without its {@code dynamodb} part: enough for a pattern that never names it. */
  public static ObjectNode envelope(Record record, RecordSource source) {
    ObjectNode event = JSON.objectNode();
    putText(event, "eventID", record.eventID());
    putText(event, "eventName", record.eventNameAsString());
    putText(event, "eventVersion", record.eventVersion());
    putText(event, "eventSource", record.eventSource());
    putText(event, "awsRegion", record.awsRegion());
    putText(event, "eventSourceARN", source.streamArn());
    Identity identity = record.userIdentity();
    if (identity != null) {
      ObjectNode user = event.putObject("userIdentity");
      putText(user, "type", identity.type());
      putText(user, "principalId", identity.principalId());
    }
    return event;
  }

  private static ObjectNode dynamodb(StreamRecord change) {
    ObjectNode dynamodb = JSON.objectNode();
    if (change.approximateCreationDateTime() != null) {
      long millis = change.approximateCreationDateTime().toEpochMilli();
      dynamodb.put("ApproximateCreationDateTime", BigDecimal.valueOf(millis, 3));
    }
    putImage(dynamodb, "Keys", change.keys(), change.hasKeys());
    putImage(dynamodb, "NewImage", change.newImage(), change.hasNewImage());
    putImage(dynamodb, "OldImage", change.oldImage(), change.hasOldImage());
    putText(dynamodb, "SequenceNumber", change.sequenceNumber());
    if (change.sizeBytes() != null) {
      dynamodb.put("SizeBytes", change.sizeBytes());
    }
    putText(dynamodb, "StreamViewType", change.streamViewTypeAsString());
    return dynamodb;
  }

  private static void putImage(
      ObjectNode parent, String field, Map<String, AttributeValue> image, boolean present) {
    if (present) {
      parent.set(field, typedMap(image));
    }
  }

  public static ObjectNode typedMap(Map<String, AttributeValue> attributes) {
    ObjectNode map = JSON.objectNode();
    attributes.forEach((name, value) -> map.set(name, typed(value)));
    return map;
  }

  /** One attribute as DynamoDB's JSON writes it: its type as the only key. */
  static JsonNode typed(AttributeValue value) {
    ObjectNode typed = JSON.objectNode();
    switch (value.type()) {
      case S -> typed.put("S", value.s());
      case N -> typed.put("N", value.n());
      case B -> typed.put("B", base64(value.b()));
      case BOOL -> typed.put("BOOL", value.bool());
      case NUL -> typed.put("NULL", true);
      case M -> typed.set("M", typedMap(value.m()));
      case L -> typed.set("L", array(value.l().stream().map(LambdaRecordShape::typed).toList()));
      case SS -> typed.set("SS", texts(value.ss()));
      case NS -> typed.set("NS", texts(value.ns()));
      case BS ->
          typed.set("BS", texts(value.bs().stream().map(LambdaRecordShape::base64).toList()));
      default -> {}
    }
    return typed;
  }

  private static ArrayNode array(List<JsonNode> elements) {
    ArrayNode array = JSON.arrayNode();
    array.addAll(elements);
    return array;
  }

  private static ArrayNode texts(List<String> values) {
    ArrayNode array = JSON.arrayNode();
    values.forEach(array::add);
    return array;
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
  }

  private static void putText(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
