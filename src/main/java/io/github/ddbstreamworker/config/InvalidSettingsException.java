package io.github.ddbstreamworker.config;

import java.util.List;

/** Thrown at start-up when one or more settings are unusable; the message names each of them. */
public final class InvalidSettingsException extends RuntimeException {

  private final List<String> problems;

  public InvalidSettingsException(List<String> problems) {
    super("invalid settings:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
