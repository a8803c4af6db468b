package io.github.ddbstreamworker.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.testsupport.RecordingSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The FILTER_CRITERIA examples in the README parse and do what the README says. */
class ReadmeFilterExamplesTest {

  private static List<String> examples() throws IOException {
    return Files.readAllLines(Path.of("README.md")).stream()
        .filter(line -> line.startsWith("FILTER_CRITERIA='"))
        .map(line -> line.substring("FILTER_CRITERIA='".length(), line.length() - 1))
        .toList();
  }

  private static String record(String eventName, String id, String status) {
    String image = "{\"id\":{\"S\":\"" + id + "\"},\"status\":{\"S\":\"" + status + "\"}}";
    return "{\"eventName\":\""
        + eventName
        + "\",\"dynamodb\":{\"Keys\":{\"id\":{\"S\":\""
        + id
        + "\"}}"
        + (eventName.equals("REMOVE") ? ",\"OldImage\":" : ",\"NewImage\":")
        + image
        + "}}";
  }

  private static boolean passes(String criteria, String record) {
    return FilterCriteria.parse(criteria).matches(RecordingSink.parse(record));
  }

  @Test
  void examplesDoWhatTheReadmeSays() throws IOException {
    List<String> examples = examples();
    assertThat(examples).hasSize(4);

    String insertsOnly = examples.get(0);
    assertThat(insertsOnly).isEqualTo(FilterCriteria.DEFAULT);
    assertThat(passes(insertsOnly, record("MODIFY", "a", "ACTIVE"))).isFalse();

    String statusStartsWithA = examples.get(1);
    assertThat(passes(statusStartsWithA, record("INSERT", "a", "ACTIVE"))).isTrue();
    assertThat(passes(statusStartsWithA, record("INSERT", "a", "BLOCKED"))).isFalse();
    assertThat(passes(statusStartsWithA, record("MODIFY", "a", "ACTIVE"))).isFalse();

    for (String removeOfOneKey : examples.subList(2, 4)) {
      assertThat(passes(removeOfOneKey, record("REMOVE", "order-42", "x"))).isTrue();
      assertThat(passes(removeOfOneKey, record("REMOVE", "order-41", "x"))).isFalse();
      assertThat(passes(removeOfOneKey, record("INSERT", "order-42", "x"))).isFalse();
    }
  }
}
