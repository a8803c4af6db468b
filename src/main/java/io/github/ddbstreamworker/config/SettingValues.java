package io.github.ddbstreamworker.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Raw setting values from one lookup, and the problems found while reading them. */
final class SettingValues {

  private final Function<String, String> lookup;
  private final List<String> problems = new ArrayList<>();

  SettingValues(Function<String, String> lookup) {
    this.lookup = lookup;
  }

  /** The value, stripped; null when unset or blank. */
  String raw(Setting setting) {
    String value = lookup.apply(setting.env());
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** A whole number in [min, max]; the default when unset, reported when out of range. */
  long longInRange(Setting setting, long defaultValue, long min, long max) {
    String value = raw(setting);
    if (value == null) {
      return defaultValue;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below, with the accepted range
    }
    problem(
        setting.env()
            + "='"
            + value
            + "' is not accepted: a whole number from "
            + min
            + " to "
            + max);
    return defaultValue;
  }

  void problem(String problem) {
    problems.add(problem);
  }

  void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
  }
}
