package io.github.ddbstreamworker.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.JsonRuleCompiler;

/** How filter criteria are read and which ones are refused, as Lambda refuses them. */
class FilterCriteriaTest {

  private static final String INSERT =
      "{\"eventName\":\"INSERT\",\"dynamodb\":{\"Keys\":{\"id\":{\"S\":\"a\"}},"
          + "\"NewImage\":{\"id\":{\"S\":\"a\"},\"status\":{\"S\":\"ACTIVE\"}}}}";
  private static final String MODIFY =
      "{\"eventName\":\"MODIFY\",\"dynamodb\":{\"Keys\":{\"id\":{\"S\":\"a\"}},"
          + "\"NewImage\":{\"id\":{\"S\":\"a\"},\"status\":{\"S\":\"ACTIVE\"}},"
          + "\"OldImage\":{\"id\":{\"S\":\"a\"},\"status\":{\"S\":\"NEW\"}}}}";

  private static boolean passes(String criteria, String record) {
    return FilterCriteria.parse(criteria).matches(RecordingSink.parse(record));
  }

  private static String filters(String... patterns) {
    StringBuilder json = new StringBuilder("{\"Filters\":[");
    for (int i = 0; i < patterns.length; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"Pattern\":")
          .append(JsonNodeFactory.instance.textNode(patterns[i]).toString())
          .append('}');
    }
    return json.append("]}").toString();
  }

  @Test
  void passesOnlyInsertsByDefault() {
    assertThat(passes(FilterCriteria.DEFAULT, INSERT)).isTrue();
    assertThat(passes(FilterCriteria.DEFAULT, MODIFY)).isFalse();
  }

  @Test
  void takesTheEventSourceMappingFormAndABarePattern() {
    String pattern = "{\"dynamodb\":{\"NewImage\":{\"status\":{\"S\":[{\"prefix\":\"A\"}]}}}}";

    assertThat(passes(filters(pattern), INSERT)).isTrue();
    assertThat(passes(pattern, INSERT)).isTrue();
  }

  @Test
  void passesARecordWhenAnyFilterMatches() {
    String criteria = filters("{\"eventName\":[\"REMOVE\"]}", "{\"eventName\":[\"MODIFY\"]}");

    assertThat(passes(criteria, MODIFY)).isTrue();
    assertThat(passes(criteria, INSERT)).isFalse();
  }

  @Test
  void passesEveryRecordWithAnEmptyListOfFilters() {
    assertThat(passes("{\"Filters\":[]}", MODIFY)).isTrue();
  }

  @Test
  void readsRepeatedKeysAsLambdasOwnBooleanAndExampleDoes() {
    String bothImages =
        "{\"dynamodb\":{\"NewImage\":{\"status\":{\"S\":[\"ACTIVE\"]}}},"
            + "\"dynamodb\":{\"OldImage\":{\"status\":{\"S\":[\"NEW\"]}}}}";

    assertThat(passes(bothImages, MODIFY)).isTrue();
    assertThat(passes(filters(bothImages), INSERT)).isFalse();
  }

  @Test
  void refusesInvalidJsonNamingTheFilter() {
    assertThatThrownBy(
            () -> FilterCriteria.parse(filters("{\"eventName\":[\"INSERT\"]}", "{\"eventName\":")))
        .isInstanceOf(InvalidFilterException.class)
        .hasMessageContaining("filter 1: pattern is not valid JSON");
    assertThatThrownBy(() -> FilterCriteria.parse("{not json"))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void refusesTheWrongShape() {
    assertThatThrownBy(() -> FilterCriteria.parse("[\"INSERT\"]"))
        .hasMessageContaining("expected a JSON object");
    assertThatThrownBy(() -> FilterCriteria.parse("{\"Filters\":{\"Pattern\":\"{}\"}}"))
        .hasMessageContaining("expected {\"Filters\":[{\"Pattern\":\"...\"}, ...]}");
    assertThatThrownBy(
            () ->
                FilterCriteria.parse("{\"Filters\":[{\"Pattern\":{\"eventName\":[\"INSERT\"]}}]}"))
        .hasMessageContaining("filter 0: expected {\"Pattern\":\"<pattern as a JSON string>\"}");
    assertThatThrownBy(() -> FilterCriteria.parse(filters("{\"eventName\":\"INSERT\"}")))
        .hasMessageContaining("filter 0: \"eventName\" must be an object or an array");
    assertThatThrownBy(() -> FilterCriteria.parse(filters("[1]")))
        .hasMessageContaining("filter 0: a pattern must be a JSON object");
  }

  @Test
  void refusesUnknownOperators() {
    assertThatThrownBy(() -> FilterCriteria.parse("{\"eventName\":[{\"starts-with\":\"IN\"}]}"))
        .hasMessageContaining("operator 'starts-with' is not supported by Lambda event filtering");
  }

  @Test
  void refusesEventRulerOperatorsThatLambdaDoesNotDocument() {
    String wildcard = "{\"dynamodb\":{\"Keys\":{\"id\":{\"S\":[{\"wildcard\":\"order-*\"}]}}}}";
    String anythingButSuffix = "{\"eventName\":[{\"anything-but\":{\"suffix\":\"T\"}}]}";
    String prefixIgnoringCase = "{\"eventName\":[{\"prefix\":{\"equals-ignore-case\":\"in\"}}]}";

    // Event Ruler itself accepts all three; Lambda's filter syntax has none of them.
    assertThat(JsonRuleCompiler.check(wildcard)).isNull();
    assertThat(JsonRuleCompiler.check(anythingButSuffix)).isNull();
    assertThat(JsonRuleCompiler.check(prefixIgnoringCase)).isNull();
    assertThatThrownBy(() -> FilterCriteria.parse(wildcard))
        .hasMessageContaining("operator 'wildcard' is not supported");
    assertThatThrownBy(() -> FilterCriteria.parse(anythingButSuffix))
        .hasMessageContaining("'anything-but' with 'suffix' is not supported");
    assertThatThrownBy(() -> FilterCriteria.parse(prefixIgnoringCase))
        .hasMessageContaining("'prefix' with 'equals-ignore-case' is not supported");
  }

  @Test
  void enforcesLambdasLimitsOnFiltersAndPatternLength() {
    String insert = "{\"eventName\":[\"INSERT\"]}";
    assertThat(FilterCriteria.parse(filters(insert, insert, insert, insert, insert)).patterns())
        .hasSize(5);
    assertThatThrownBy(
            () -> FilterCriteria.parse(filters(insert, insert, insert, insert, insert, insert)))
        .hasMessageContaining("6 filters given: Lambda allows at most 5");

    String longPattern = "{\"eventName\":[\"" + "x".repeat(4096) + "\"]}";
    assertThatThrownBy(() -> FilterCriteria.parse(filters(insert, longPattern)))
        .hasMessageContaining("filter 1: pattern is 4114 characters; Lambda allows 4096");
  }

  @Test
  void reportsEveryBadFilterAtOnce() {
    assertThatThrownBy(
            () -> FilterCriteria.parse(filters("{\"a\":", "{\"b\":[{\"cidr\":\"10.0.0.0/8\"}]}")))
        .isInstanceOfSatisfying(
            InvalidFilterException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(2)
                    .anySatisfy(p -> assertThat(p).startsWith("filter 0:"))
                    .anySatisfy(p -> assertThat(p).startsWith("filter 1:")));
  }
}
