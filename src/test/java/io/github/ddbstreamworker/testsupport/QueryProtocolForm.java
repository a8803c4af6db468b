package io.github.ddbstreamworker.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An operation's input, decoded from a structured (CBOR or JSON) request, written as the AWS query
 * protocol's form body: nested structures joined with dots, list elements as {@code .member.N}
 * counted from 1, and {@code Timestamp} members, which arrive as epoch seconds, as ISO-8601.
 */
final class QueryProtocolForm {

  private static final String TIMESTAMP_MEMBER = "Timestamp";

  private QueryProtocolForm() {}

  /** The form-encoded body of {@code action} at API {@code version} with the given input. */
  static String of(String action, String version, JsonNode input) {
    StringJoiner form = new StringJoiner("&");
    add(form, "Action", action);
    add(form, "Version", version);
    flatten(form, "", input);
    return form.toString();
  }

  private static void flatten(StringJoiner form, String name, JsonNode node) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        String member = name.isEmpty() ? field.getKey() : name + "." + field.getKey();
        if (field.getKey().equals(TIMESTAMP_MEMBER) && field.getValue().isNumber()) {
          add(form, member, epochSecondsToIso(field.getValue()));
        } else {
          flatten(form, member, field.getValue());
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(form, name + ".member." + (i + 1), node.get(i));
      }
    } else if (!node.isNull() && !node.isMissingNode()) {
      add(form, name, node.asText());
    }
  }

  private static String epochSecondsToIso(JsonNode seconds) {
    return Instant.ofEpochMilli(Math.round(seconds.doubleValue() * 1_000)).toString();
  }

  private static void add(StringJoiner form, String name, String value) {
    form.add(
        URLEncoder.encode(name, StandardCharsets.UTF_8)
            + "="
            + URLEncoder.encode(value, StandardCharsets.UTF_8));
  }
}
