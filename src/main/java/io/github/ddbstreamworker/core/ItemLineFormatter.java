package io.github.ddbstreamworker.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Turns one stream record into one JSON line: where it came from, its keys, and the new item as
 * plain JSON. Lines carry {@code "type":"item"}, which the worker's own log lines never do.
 */
public final class ItemLineFormatter {

  public static final String TYPE_FIELD = "type";
  public static final String TYPE_ITEM = "item";
  public static final String TYPE_SNAPSHOT = "snapshot";

  private final JsonFactory jsonFactory = new JsonFactory();

  /** Formats the record; the line has no trailing newline. */
  public String format(Record record, RecordSource source) {
    StringWriter line = new StringWriter(256);
    try (JsonGenerator json = jsonFactory.createGenerator(line)) {
      StreamRecord change = record.dynamodb();
      json.writeStartObject();
      json.writeStringField(TYPE_FIELD, TYPE_ITEM);
      json.writeStringField("eventName", record.eventNameAsString());
      json.writeStringField("eventId", record.eventID());
      json.writeStringField("table", source.tableName());
      if (source.shardId() != null) {
        json.writeStringField("shardId", source.shardId());
      }
      json.writeStringField("sequenceNumber", change.sequenceNumber());
      writeInstant(json, "approximateCreationDateTime", change.approximateCreationDateTime());
      writeImage(json, "keys", change.keys());
      writeImage(json, "item", change.newImage());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a JSON line", e);
    }
    return line.toString();
  }

  /**
   * Formats an item read by a snapshot's scan, given as the INSERT record it would be: {@code
   * "type":"snapshot"}, the table, when the snapshot began, the keys and the item. There is no
   * event, shard or sequence number; the line has no trailing newline.
   */
  public String formatSnapshot(Record asInsert, RecordSource source, Instant snapshotStart) {
    StringWriter line = new StringWriter(256);
    try (JsonGenerator json = jsonFactory.createGenerator(line)) {
      StreamRecord change = asInsert.dynamodb();
      json.writeStartObject();
      json.writeStringField(TYPE_FIELD, TYPE_SNAPSHOT);
      json.writeStringField("table", source.tableName());
      writeInstant(json, "snapshotStart", snapshotStart);
      writeImage(json, "keys", change.keys());
      writeImage(json, "item", change.newImage());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a JSON line", e);
    }
    return line.toString();
  }

  private static void writeInstant(JsonGenerator json, String field, Instant instant)
      throws IOException {
    if (instant != null) {
      json.writeStringField(field, instant.toString());
    }
  }

  /** An image the stream view type leaves out (absent from the record) is left out of the line. */
  private static void writeImage(
      JsonGenerator json, String field, Map<String, AttributeValue> image) throws IOException {
    if (image != null && !(image instanceof SdkAutoConstructMap)) {
      json.writeFieldName(field);
      AttributeValueWriter.writeItem(json, image);
    }
  }
}
