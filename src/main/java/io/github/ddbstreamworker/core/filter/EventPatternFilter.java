package io.github.ddbstreamworker.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.core.RecordFilter;
import io.github.ddbstreamworker.core.RecordSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.event.ruler.Machine;

/**
 * Passes a record when any of its patterns matches the record in Lambda's event shape, matched by
 * AWS's Event Ruler. Build it with {@link FilterCriteria#parse}, which checks the patterns.
 */
public final class EventPatternFilter implements RecordFilter {

  private final Machine machine = new Machine();
  private final List<String> patterns;

  /**
   * Whether any pattern looks inside the record's {@code dynamodb} part. Most do not (the default
   * matches on {@code eventName} alone), and then the images need not be rebuilt as JSON for each
   * record: that was most of the filter's cost.
   */
  private final boolean readsChange;

  EventPatternFilter(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
    this.readsChange = patterns.stream().anyMatch(pattern -> pattern.contains("\"dynamodb\""));
    for (int index = 0; index < patterns.size(); index++) {
      try {
        machine.addRule("filter-" + index, patterns.get(index));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The patterns, as JSON, in the order given. */
  public List<String> patterns() {
    return patterns;
  }

  @Override
  public boolean accepts(Record record, RecordSource source) {
    if (patterns.isEmpty()) {
      return true;
    }
    return matches(
        readsChange
            ? LambdaRecordShape.of(record, source)
            : LambdaRecordShape.envelope(record, source));
  }

  /**
   * Whether any pattern matches a record already in Lambda's event shape. With no patterns every
   * record passes, as with an event source mapping that has no filters.
   */
  public boolean matches(JsonNode lambdaShapedRecord) {
    return patterns.isEmpty() || !machine.rulesForJSONEvent(lambdaShapedRecord).isEmpty();
  }
}
