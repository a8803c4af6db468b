package io.github.ddbstreamworker.snapshot;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * What one Scan page costs in read capacity units. DynamoDB charges a Scan for the total size of
 * the items it read, rounded up to 4 KB, half a unit per 4 KB for an eventually consistent read.
 * The page's cost is the larger of what the service reports ({@code ReturnConsumedCapacity=TOTAL})
 * and what the items' sizes come to: moto_server reports a fixed 0.5 whatever the page holds, so
 * without the second the budget would not hold there.
 */
final class ReadCapacity {

  private static final int UNIT_BYTES = 4096;
  private static final double EVENTUALLY_CONSISTENT_UNIT = 0.5;

  private ReadCapacity() {}

  /** The page's cost in read capacity units. */
  static double ofPage(ScanResponse page) {
    double reported =
        page.consumedCapacity() == null || page.consumedCapacity().capacityUnits() == null
            ? 0
            : page.consumedCapacity().capacityUnits();
    return Math.max(reported, fromSizes(page.items()));
  }

  /** Eventually consistent read units for items of these sizes read together. */
  static double fromSizes(List<Map<String, AttributeValue>> items) {
    long bytes = 0;
    for (Map<String, AttributeValue> item : items) {
      bytes += itemSize(item);
    }
    long units = (bytes + UNIT_BYTES - 1) / UNIT_BYTES;
    return units * EVENTUALLY_CONSISTENT_UNIT;
  }

  /** An item's size as DynamoDB counts it: each attribute's name plus its value. */
  static long itemSize(Map<String, AttributeValue> item) {
    long size = 0;
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      size += utf8(attribute.getKey()) + valueSize(attribute.getValue());
    }
    return size;
  }

  private static long valueSize(AttributeValue value) {
    switch (value.type()) {
      case S:
        return utf8(value.s());
      case N:
        return numberSize(value.n());
      case B:
        return value.b().asByteArrayUnsafe().length;
      case BOOL:
      case NUL:
        return 1;
      case M:
        return 3 + value.m().size() + itemSize(value.m());
      case L:
        long list = 3 + value.l().size();
        for (AttributeValue element : value.l()) {
          list += valueSize(element);
        }
        return list;
      case SS:
        return value.ss().stream().mapToLong(ReadCapacity::utf8).sum();
      case NS:
        return value.ns().stream().mapToLong(ReadCapacity::numberSize).sum();
      case BS:
        return value.bs().stream().mapToLong(ReadCapacity::bytes).sum();
      default:
        return 0;
    }
  }

  /** About one byte per two significant digits, plus one: DynamoDB's documented rule. */
  private static long numberSize(String number) {
    try {
      String digits = new BigDecimal(number).unscaledValue().abs().toString();
      return (digits.length() + 1) / 2 + 1;
    } catch (NumberFormatException e) {
      return utf8(number);
    }
  }

  private static long bytes(SdkBytes value) {
    return value.asByteArrayUnsafe().length;
  }

  private static long utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
