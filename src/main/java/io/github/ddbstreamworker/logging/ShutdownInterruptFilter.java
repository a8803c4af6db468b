package io.github.ddbstreamworker.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;

/**
 * Drops a library's WARN, INFO or DEBUG line whose exception was caused by an interrupt: on a
 * graceful stop the KCL interrupts its own threads, and a call they had in flight (a lease-table
 * scan, a lock heartbeat) reports the interrupt with a stack trace, as if it had failed. An ERROR
 * stays, and so does any line without an interrupt in its causes. Configured in {@code logback.xml}
 * with the logger-name prefixes it applies to.
 */
public final class ShutdownInterruptFilter extends TurboFilter {

  /** The JDK's, and the AWS SDK's own, named here so this package needs no SDK on its path. */
  private static final List<String> INTERRUPTS =
      List.of(
          "java.lang.InterruptedException",
          "software.amazon.awssdk.core.exception.SdkInterruptedException",
          "software.amazon.awssdk.core.exception.AbortedException");

  private final List<String> prefixes = new ArrayList<>();

  public void addPrefix(String prefix) {
    prefixes.add(prefix.trim());
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || level.isGreaterOrEqual(Level.ERROR) || !applies(logger.getName())) {
      return FilterReply.NEUTRAL;
    }
    Throwable thrown = t != null ? t : lastThrowable(params);
    return causedByInterrupt(thrown) ? FilterReply.DENY : FilterReply.NEUTRAL;
  }

  private boolean applies(String loggerName) {
    return prefixes.stream().anyMatch(loggerName::startsWith);
  }

  private static Throwable lastThrowable(Object[] params) {
    if (params == null || params.length == 0) {
      return null;
    }
    return params[params.length - 1] instanceof Throwable thrown ? thrown : null;
  }

  static boolean causedByInterrupt(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (INTERRUPTS.contains(cause.getClass().getName())) {
        return true;
      }
      if (cause.getCause() == cause) {
        return false;
      }
    }
    return false;
  }
}
