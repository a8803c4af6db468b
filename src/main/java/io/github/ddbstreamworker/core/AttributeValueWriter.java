package io.github.ddbstreamworker.core;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes DynamoDB attribute values as plain JSON: S as string, N as a number with its exact digits,
 * B as base64, BOOL, NULL as null, M as object, L as array, SS/NS/BS as arrays.
 */
public final class AttributeValueWriter {

  private static final Pattern JSON_NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private AttributeValueWriter() {}

  public static void writeItem(JsonGenerator json, Map<String, AttributeValue> item)
      throws IOException {
    json.writeStartObject();
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      json.writeFieldName(attribute.getKey());
      writeValue(json, attribute.getValue());
    }
    json.writeEndObject();
  }

  public static void writeValue(JsonGenerator json, AttributeValue value) throws IOException {
    switch (value.type()) {
      case S -> json.writeString(value.s());
      case N -> writeNumber(json, value.n());
      case B -> writeBytes(json, value.b());
      case BOOL -> json.writeBoolean(value.bool());
      case NUL -> json.writeNull();
      case M -> writeItem(json, value.m());
      case L -> writeList(json, value.l());
      case SS -> writeStrings(json, value.ss());
      case NS -> writeNumbers(json, value.ns());
      case BS -> writeBinaries(json, value.bs());
      default ->
          throw new UnsupportedAttributeException(
              "attribute value of a type this SDK does not know; upgrade the AWS SDK");
    }
  }

  /**
   * Writes DynamoDB's decimal text unchanged when it is already a JSON number, so 38 significant
   * digits and exponents such as 1E+100 survive; otherwise writes its exact BigDecimal form.
   */
  static void writeNumber(JsonGenerator json, String number) throws IOException {
    if (JSON_NUMBER.matcher(number).matches()) {
      json.writeNumber(number);
      return;
    }
    try {
      json.writeNumber(new BigDecimal(number).toString());
    } catch (NumberFormatException e) {
      throw new UnsupportedAttributeException("an N value is not a decimal number");
    }
  }

  private static void writeBytes(JsonGenerator json, SdkBytes bytes) throws IOException {
    json.writeString(Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe()));
  }

  private static void writeList(JsonGenerator json, List<AttributeValue> values)
      throws IOException {
    json.writeStartArray();
    for (AttributeValue element : values) {
      writeValue(json, element);
    }
    json.writeEndArray();
  }

  private static void writeStrings(JsonGenerator json, List<String> values) throws IOException {
    json.writeStartArray();
    for (String element : values) {
      json.writeString(element);
    }
    json.writeEndArray();
  }

  private static void writeNumbers(JsonGenerator json, List<String> values) throws IOException {
    json.writeStartArray();
    for (String element : values) {
      writeNumber(json, element);
    }
    json.writeEndArray();
  }

  private static void writeBinaries(JsonGenerator json, List<SdkBytes> values) throws IOException {
    json.writeStartArray();
    for (SdkBytes element : values) {
      writeBytes(json, element);
    }
    json.writeEndArray();
  }
}
