package io.github.ddbstreamworker.config;

import java.util.List;

/**
 * The text a setting accepts and the value that text stands for. A type refuses text by throwing
 * {@link IllegalArgumentException}; {@link #problems} words the refusal for the start-up report.
 */
interface SettingType<T> {

  /**
   * @throws IllegalArgumentException when the text is not accepted
   */
  T parse(String text);

  /** What is accepted, as the help and the problems say it: "a whole number from 1 to 1000". */
  String accepted();

  /** The problems to report when {@code text} was refused, each naming the setting. */
  default List<String> problems(String name, String text, IllegalArgumentException refusal) {
    return List.of(name + "='" + text + "' is not accepted: " + accepted());
  }
}
