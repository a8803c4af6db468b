package io.github.ddbstreamworker.core.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.event.ruler.JsonRuleCompiler;

/**
 * Reads filter criteria as a Lambda event source mapping takes them, {@code
 * {"Filters":[{"Pattern":"<pattern JSON as a string>"}]}}, or one bare pattern object, and rejects
 * what Lambda rejects: invalid JSON, a wrong shape, operators Lambda does not support, and more or
 * longer patterns than Lambda allows.
 */
public final class FilterCriteria {

  /** The worker's filter when none is set: new items only. */
  public static final String DEFAULT = "{\"eventName\":[\"INSERT\"]}";

  /** Lambda's default quota of filters per event source mapping. */
  static final int MAX_FILTERS = 5;

  /** Lambda's limit on one pattern's length, in characters. */
  static final int MAX_PATTERN_LENGTH = 4096;

  /**
   * The comparison operators in Lambda's filter syntax. Event Ruler also knows {@code wildcard} and
   * {@code cidr}, which Lambda does not document; those are rejected.
   */
  static final Set<String> OPERATORS =
      Set.of("prefix", "suffix", "equals-ignore-case", "anything-but", "numeric", "exists");

  /** Operators accepted inside {@code anything-but} besides a list of values. */
  static final Set<String> ANYTHING_BUT_OPERATORS = Set.of("prefix");

  private static final ObjectMapper JSON = new ObjectMapper();

  private FilterCriteria() {}

  /**
   * @throws InvalidFilterException naming each filter that Lambda would reject, and why
   */
  public static EventPatternFilter parse(String criteria) {
    List<String> problems = new ArrayList<>();
    List<String> patterns = patterns(criteria, problems);
    if (patterns.size() > MAX_FILTERS) {
      problems.add(
          patterns.size() + " filters given: Lambda allows at most " + MAX_FILTERS + " by default");
    }
    for (int index = 0; index < patterns.size(); index++) {
      checkPattern(index, patterns.get(index), problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidFilterException(problems);
    }
    return new EventPatternFilter(patterns);
  }

  public static EventPatternFilter defaultFilter() {
    return parse(DEFAULT);
  }

  private static List<String> patterns(String criteria, List<String> problems) {
    JsonNode root;
    try {
      root = JSON.readTree(criteria);
    } catch (JsonProcessingException e) {
      problems.add("not valid JSON: " + e.getOriginalMessage());
      return List.of();
    }
    if (root == null || !root.isObject()) {
      problems.add("expected a JSON object: {\"Filters\":[{\"Pattern\":\"...\"}]} or one pattern");
      return List.of();
    }
    if (!root.has("Filters")) {
      // The text itself, not the parsed tree: Lambda's own examples repeat keys such as
      // "dynamodb", which Event Ruler merges and a JSON tree would collapse.
      return List.of(criteria);
    }
    JsonNode filters = root.get("Filters");
    if (!filters.isArray() || root.size() != 1) {
      problems.add("expected {\"Filters\":[{\"Pattern\":\"...\"}, ...]} and nothing else");
      return List.of();
    }
    List<String> patterns = new ArrayList<>();
    for (int index = 0; index < filters.size(); index++) {
      JsonNode pattern = filters.get(index).path("Pattern");
      if (!filters.get(index).isObject()
          || filters.get(index).size() != 1
          || !pattern.isTextual()) {
        problems.add("filter " + index + ": expected {\"Pattern\":\"<pattern as a JSON string>\"}");
      } else {
        patterns.add(pattern.asText());
      }
    }
    return patterns;
  }

  private static void checkPattern(int index, String pattern, List<String> problems) {
    String prefix = "filter " + index + ": ";
    if (pattern.length() > MAX_PATTERN_LENGTH) {
      problems.add(
          prefix
              + "pattern is "
              + pattern.length()
              + " characters; Lambda allows "
              + MAX_PATTERN_LENGTH);
      return;
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(pattern);
    } catch (JsonProcessingException e) {
      problems.add(prefix + "pattern is not valid JSON: " + e.getOriginalMessage());
      return;
    }
    if (tree == null || !tree.isObject()) {
      problems.add(prefix + "a pattern must be a JSON object");
      return;
    }
    List<String> unsupported = new ArrayList<>();
    collectUnsupported(tree, unsupported);
    if (!unsupported.isEmpty()) {
      problems.add(prefix + String.join("; ", unsupported));
      return;
    }
    String compilerError = JsonRuleCompiler.check(pattern);
    if (compilerError != null) {
      problems.add(prefix + compilerError);
    }
  }

  /** Operators Event Ruler knows but Lambda does not accept (wildcard, cidr, ...). */
  private static void collectUnsupported(JsonNode pattern, List<String> unsupported) {
    pattern
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode value = field.getValue();
              if (field.getKey().equals("$or") && value.isArray()) {
                value.forEach(alternative -> collectUnsupported(alternative, unsupported));
              } else if (value.isObject()) {
                collectUnsupported(value, unsupported);
              } else if (value.isArray()) {
                value.forEach(
                    condition -> {
                      if (condition.isObject() && condition.size() == 1) {
                        checkOperator(condition, unsupported);
                      }
                    });
              }
            });
  }

  private static void checkOperator(JsonNode condition, List<String> unsupported) {
    String operator = condition.fieldNames().next();
    if (!OPERATORS.contains(operator)) {
      unsupported.add(
          "operator '"
              + operator
              + "' is not supported by Lambda event filtering; use one of "
              + new java.util.TreeSet<>(OPERATORS));
      return;
    }
    JsonNode operand = condition.get(operator);
    if (operator.equals("anything-but") && operand.isObject() && operand.size() == 1) {
      String inner = operand.fieldNames().next();
      if (!ANYTHING_BUT_OPERATORS.contains(inner)) {
        unsupported.add(
            "'anything-but' with '" + inner + "' is not supported by Lambda event filtering");
      }
    }
    if ((operator.equals("prefix") || operator.equals("suffix")) && operand.isObject()) {
      unsupported.add(
          "'"
              + operator
              + "' with '"
              + operand.fieldNames().next()
              + "' is not supported by Lambda"
              + " event filtering");
    }
  }
}
