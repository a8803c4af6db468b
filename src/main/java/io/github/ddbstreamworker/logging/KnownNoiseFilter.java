package io.github.ddbstreamworker.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;

/**
 * Drops log lines shown to be noise, each named in {@code logback.xml} by its logger and the start
 * of its message template, as {@code <line>logger|template start</line>}. Only these exact lines
 * go; everything else the same logger writes stays.
 */
public final class KnownNoiseFilter extends TurboFilter {

  private record Line(String logger, String templateStart) {}

  private final List<Line> lines = new ArrayList<>();

  /** One noise line: {@code logger|start of the message template}. */
  public void addLine(String line) {
    int bar = line.indexOf('|');
    if (bar <= 0 || bar == line.length() - 1) {
      addError("a noise line is 'logger|start of the message template', not '" + line + "'");
      return;
    }
    lines.add(new Line(line.substring(0, bar).trim(), line.substring(bar + 1).trim()));
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null) {
      return FilterReply.NEUTRAL;
    }
    for (Line line : lines) {
      if (line.logger().equals(logger.getName()) && format.startsWith(line.templateStart())) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }
}
