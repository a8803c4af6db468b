package io.github.ddbstreamworker.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes attribute values in DynamoDB JSON, as the API sends them: {@code {"S":"x"}}, numbers as
 * strings, binaries as base64, sets and lists as arrays, {@code {"NULL":true}}.
 */
final class AttributeValueJson {

  private AttributeValueJson() {}

  static void writeItem(JsonGenerator json, Map<String, AttributeValue> item) throws IOException {
    json.writeStartObject();
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      json.writeFieldName(attribute.getKey());
      write(json, attribute.getValue());
    }
    json.writeEndObject();
  }

  static void write(JsonGenerator json, AttributeValue value) throws IOException {
    json.writeStartObject();
    switch (value.type()) {
      case S -> json.writeStringField("S", value.s());
      case N -> json.writeStringField("N", value.n());
      case B -> {
        json.writeFieldName("B");
        json.writeBinary(value.b().asByteArrayUnsafe());
      }
      case SS -> writeStrings(json, "SS", value.ss());
      case NS -> writeStrings(json, "NS", value.ns());
      case BS -> {
        json.writeArrayFieldStart("BS");
        for (SdkBytes bytes : value.bs()) {
          json.writeBinary(bytes.asByteArrayUnsafe());
        }
        json.writeEndArray();
      }
      case M -> {
        json.writeFieldName("M");
        writeItem(json, value.m());
      }
      case L -> {
        json.writeArrayFieldStart("L");
        for (AttributeValue element : value.l()) {
          write(json, element);
        }
        json.writeEndArray();
      }
      case BOOL -> json.writeBooleanField("BOOL", value.bool());
      case NUL -> json.writeBooleanField("NULL", true);
      default -> throw new IllegalArgumentException("attribute value without a type: " + value);
    }
    json.writeEndObject();
  }

  private static void writeStrings(JsonGenerator json, String type, List<String> values)
      throws IOException {
    json.writeArrayFieldStart(type);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }
}
