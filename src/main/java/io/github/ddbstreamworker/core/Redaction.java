package io.github.ddbstreamworker.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Replaces the values of chosen attributes before a record is written anywhere. A path names a
 * top-level attribute ({@code email}) or one inside maps ({@code card.number}); a list on the way
 * is entered element by element, so {@code contacts.phone} covers the phone of every contact.
 */
public final class Redaction {

  /** What a redacted value becomes, whatever its type was. */
  public static final String REDACTED = "[redacted]";

  private static final AttributeValue REDACTED_VALUE = AttributeValue.fromS(REDACTED);

  private final List<List<String>> paths;

  private Redaction(List<List<String>> paths) {
    this.paths = paths;
  }

  public static Redaction none() {
    return new Redaction(List.of());
  }

  /** Paths as dot-separated attribute names; every segment must be non-empty. */
  public static Redaction of(List<String> paths) {
    List<List<String>> split = new ArrayList<>();
    for (String path : paths) {
      List<String> segments = List.of(path.split("\\.", -1));
      if (segments.stream().anyMatch(String::isEmpty)) {
        throw new IllegalArgumentException("'" + path + "' has an empty attribute name");
      }
      split.add(segments);
    }
    return new Redaction(List.copyOf(split));
  }

  /** REDACT_ATTRIBUTES: comma-separated paths; blank entries are ignored, null means none. */
  public static Redaction parse(String commaSeparated) {
    if (commaSeparated == null) {
      return none();
    }
    return of(
        Arrays.stream(commaSeparated.split(","))
            .map(String::strip)
            .filter(path -> !path.isEmpty())
            .toList());
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  public Record apply(Record record) {
    if (paths.isEmpty() || record.dynamodb() == null) {
      return record;
    }
    StreamRecord change = record.dynamodb();
    StreamRecord.Builder redacted = change.toBuilder();
    if (change.hasKeys()) {
      redacted.keys(redact(change.keys()));
    }
    if (change.hasNewImage()) {
      redacted.newImage(redact(change.newImage()));
    }
    if (change.hasOldImage()) {
      redacted.oldImage(redact(change.oldImage()));
    }
    return record.toBuilder().dynamodb(redacted.build()).build();
  }

  private Map<String, AttributeValue> redact(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> result = item;
    for (List<String> path : paths) {
      result = redactPath(result, path);
    }
    return result;
  }

  private static Map<String, AttributeValue> redactPath(
      Map<String, AttributeValue> attributes, List<String> path) {
    AttributeValue value = attributes.get(path.get(0));
    if (value == null) {
      return attributes;
    }
    Map<String, AttributeValue> copy = new LinkedHashMap<>(attributes);
    copy.put(
        path.get(0),
        path.size() == 1 ? REDACTED_VALUE : redactInside(value, path.subList(1, path.size())));
    return copy;
  }

  private static AttributeValue redactInside(AttributeValue value, List<String> path) {
    if (value.hasM()) {
      return AttributeValue.fromM(redactPath(value.m(), path));
    }
    if (value.hasL()) {
      return AttributeValue.fromL(value.l().stream().map(e -> redactInside(e, path)).toList());
    }
    return value;
  }
}
