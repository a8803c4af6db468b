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

  EventPatternFilter(List<String> patterns) {
    this.patterns = List.copyOf(patterns);
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
    return matches(LambdaRecordShape.of(record, source));
  }

  /**
   * Whether any pattern matches a record already in Lambda's event shape. With no patterns every
   * record passes, as with an event source mapping that has no filters.
   */
  public boolean matches(JsonNode lambdaShapedRecord) {
    return patterns.isEmpty() || !machine.rulesForJSONEvent(lambdaShapedRecord).isEmpty();
  }
}
