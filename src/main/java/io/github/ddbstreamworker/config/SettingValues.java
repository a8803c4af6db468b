package io.github.ddbstreamworker.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Values of settings read from one lookup, by their declarations, and every refusal met on the way,
 * so that all of them are reported at once.
 */
final class SettingValues {

  private final Function<String, String> lookup;
  private final Map<Setting<?>, Object> values = new LinkedHashMap<>();
  private final Map<Setting<?>, String> shown = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  SettingValues(Function<String, String> lookup) {
    this.lookup = lookup;
  }

  /** The setting's text, stripped; null when unset or blank. */
  String text(Setting<?> setting) {
    return setting.textIn(lookup);
  }

  /** Reads one setting: its value, its default when unset, null (and a problem) when refused. */
  <T> T read(Setting<T> setting) {
    String text = text(setting);
    T value;
    if (text == null) {
      value = setting.defaultValue();
    } else {
      try {
        value = setting.parse(text);
      } catch (IllegalArgumentException refusal) {
        problems.addAll(setting.problems(text, refusal));
        value = null;
      }
    }
    values.put(setting, value);
    shown.put(setting, text != null ? text : setting.shownDefault());
    return value;
  }

  /** Reads every setting of the group not read yet, in the order of their declarations. */
  void readAll(Setting.Group group) {
    for (Setting<?> setting : Setting.all()) {
      if (setting.group() == group && !values.containsKey(setting)) {
        read(setting);
      }
    }
  }

  /** Sets the value worked out for a setting whose default depends on others. */
  <T> void derive(Setting<T> setting, T value) {
    values.put(setting, value);
    shown.put(setting, String.valueOf(value));
  }

  /**
   * @throws IllegalArgumentException for a setting that was not read here
   */
  @SuppressWarnings("unchecked") // read and derive store only a T for a Setting<T>
  <T> T get(Setting<T> setting) {
    if (!values.containsKey(setting)) {
      throw new IllegalArgumentException(setting + " is not among the settings read here");
    }
    return (T) values.get(setting);
  }

  /**
   * Each setting of the group read here, by its log key: the text given, else the default as shown
   * or as worked out.
   */
  Map<String, String> shownByLogKey(Setting.Group group) {
    Map<String, String> byKey = new LinkedHashMap<>();
    shown.forEach(
        (setting, text) -> {
          if (setting.group() == group) {
            byKey.put(setting.logKey(), text);
          }
        });
    return byKey;
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
