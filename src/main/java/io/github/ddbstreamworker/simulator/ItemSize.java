package io.github.ddbstreamworker.simulator;

import java.math.BigDecimal;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size by DynamoDB's published rules ("Item sizes and formats" in the developer guide):
 * attribute names plus values; strings and binaries by length, numbers about one byte per two
 * digits plus one, maps and lists 3 bytes plus one per element. SizeBytes of a record is the size
 * of its keys and images.
 */
final class ItemSize {

  private ItemSize() {}

  static long of(Map<String, AttributeValue> item) {
    long size = 0;
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      size += utf8Length(attribute.getKey()) + of(attribute.getValue());
    }
    return size;
  }

  static long of(AttributeValue value) {
    return switch (value.type()) {
      case S -> utf8Length(value.s());
      case N -> number(value.n());
      case B -> value.b().asByteArrayUnsafe().length;
      case SS -> value.ss().stream().mapToLong(ItemSize::utf8Length).sum();
      case NS -> value.ns().stream().mapToLong(ItemSize::number).sum();
      case BS -> value.bs().stream().mapToLong(bytes -> bytesLength(bytes)).sum();
      case M -> 3 + value.m().size() + of(value.m());
      case L -> 3 + value.l().size() + value.l().stream().mapToLong(ItemSize::of).sum();
      case BOOL, NUL -> 1;
      default -> 0;
    };
  }

  private static long bytesLength(SdkBytes bytes) {
    return bytes.asByteArrayUnsafe().length;
  }

  private static long number(String number) {
    int digits =
        new BigDecimal(number).stripTrailingZeros().unscaledValue().abs().toString().length();
    return (digits + 1) / 2 + 1;
  }

  static long utf8Length(String text) {
    long length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length++;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    return length;
  }
}
