package io.github.ddbstreamworker.cli;

import io.github.ddbstreamworker.config.Setting;
import io.github.ddbstreamworker.logging.ConsoleLog;
import io.github.ddbstreamworker.logging.LogFormat;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Puts the log in the format LOG_FORMAT asks for, or the command's own default. Done before the
 * settings are read, so that a refused setting is itself reported in that format; a refused
 * LOG_FORMAT leaves the default in force and is reported with the other settings.
 */
final class LogSetup {

  private LogSetup() {}

  /**
   * Uses the format asked for in {@code lookup}, or the default when LOG_FORMAT is unset or
   * refused, and returns {@code lookup} with an unset LOG_FORMAT set to the default, so that the
   * start-up line shows the format in use.
   */
  static Function<String, String> use(
      Function<String, String> lookup, Supplier<LogFormat> unsetDefault) {
    String name = Setting.LOG_FORMAT.env();
    String given = lookup.apply(name);
    LogFormat format;
    try {
      format = Setting.LOG_FORMAT.valueIn(lookup);
    } catch (IllegalArgumentException refused) {
      format = null;
    }
    LogFormat inUse = format != null ? format : unsetDefault.get();
    ConsoleLog.use(inUse);
    if (given != null && !given.isBlank()) {
      return lookup;
    }
    String shown = inUse.name().toLowerCase(Locale.ROOT);
    return key -> name.equals(key) ? shown : lookup.apply(key);
  }
}
