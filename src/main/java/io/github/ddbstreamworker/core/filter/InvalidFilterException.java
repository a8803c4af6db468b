package io.github.ddbstreamworker.core.filter;

import java.util.List;

/** Filter criteria that Lambda would reject; each problem names the filter it is in. */
public final class InvalidFilterException extends IllegalArgumentException {

  private final List<String> problems;

  InvalidFilterException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
