package io.github.ddbstreamworker.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ExceptionOutlineTest {

  @Test
  void keepsClassesAndFramesButNoMessage() {
    Exception jacksonQuotingTheItem = null;
    try {
      new ObjectMapper().readValue("\"4111-1111-1111-1111\"", Integer.class);
    } catch (Exception e) {
      jacksonQuotingTheItem = e;
    }
    assertThat(jacksonQuotingTheItem).hasMessageContaining("4111");
    RuntimeException wrapped = new IllegalStateException("item 4111-1111", jacksonQuotingTheItem);

    ExceptionOutline outline = ExceptionOutline.of(new StageFailedException(Stage.SINK, wrapped));

    assertThat(outline.classes())
        .containsExactly(
            StageFailedException.class.getName(),
            IllegalStateException.class.getName(),
            jacksonQuotingTheItem.getClass().getName());
    assertThat(outline.stackTrace())
        .contains("Caused by: " + IllegalStateException.class.getName() + "\n")
        .contains(
            "\tat " + ExceptionOutlineTest.class.getName() + ".keepsClassesAndFramesButNoMessage(")
        .doesNotContain("4111");
  }

  @Test
  void longStacksAreCut() {
    StackOverflowError deep = deepen(0);

    ExceptionOutline outline = ExceptionOutline.of(deep);

    assertThat(outline.stackTrace().lines().filter(line -> line.startsWith("\tat ")))
        .hasSize(ExceptionOutline.MAX_FRAMES);
    assertThat(outline.stackTrace()).containsPattern("\\t\\.\\.\\. \\d+ more");
  }

  private static StackOverflowError deepen(int depth) {
    return depth == 100 ? new StackOverflowError() : deepen(depth + 1);
  }

  @Test
  void anExceptionNamingItsStageIsReportedAsItsCause() {
    IllegalArgumentException cause = new IllegalArgumentException("value 42");

    assertThat(
            io.github.ddbstreamworker.core.failure.UnexpectedFailure.of(
                new StageFailedException(Stage.FILTER, cause), Stage.PROCESSOR))
        .satisfies(
            failure -> {
              assertThat(failure.stage()).isEqualTo(Stage.FILTER);
              assertThat(failure.thrown()).isSameAs(cause);
              assertThat(failure.outline().exceptionClass())
                  .isEqualTo(IllegalArgumentException.class.getName());
            });
  }
}
