package io.github.ddbstreamworker.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Every log line this process writes from now until closed, as the worker's configuration lets it
 * through (levels and filters of {@code logback.xml}), grouped by cause: level, logger and message
 * template.
 */
public final class CapturedLog implements AutoCloseable {

  /** A line's cause: what a reader would look up, whatever the values in it. */
  public record Cause(Level level, String logger, String template) implements Comparable<Cause> {
    @Override
    public int compareTo(Cause other) {
      return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
      return level + " " + logger + ": " + template;
    }
  }

  /** One captured line: its cause, its formatted text and when it was written. */
  public record Line(Cause cause, String message, long epochMillis) {}

  private final Logger root;
  private final Appender appender;

  private CapturedLog(Consumer<ILoggingEvent> also) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    appender = new Appender(also);
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
  }

  public static CapturedLog start() {
    return new CapturedLog(event -> {});
  }

  /** As {@link #start()}, handing each line also to {@code also} (a file, a console). */
  public static CapturedLog start(Consumer<ILoggingEvent> also) {
    return new CapturedLog(also);
  }

  public List<Line> lines() {
    synchronized (appender.lines) {
      return List.copyOf(appender.lines);
    }
  }

  /** Lines at exactly this level. */
  public List<Line> at(Level level) {
    return lines().stream().filter(line -> line.cause().level().equals(level)).toList();
  }

  /** How many lines of each cause at this level, sorted by cause. */
  public Map<Cause, Integer> countsAt(Level level) {
    Map<Cause, Integer> counts = new TreeMap<>();
    at(level).forEach(line -> counts.merge(line.cause(), 1, Integer::sum));
    return counts;
  }

  /** Lines whose text contains {@code text}. */
  public List<Line> containing(String text) {
    return lines().stream().filter(line -> line.message().contains(text)).toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }

  private static final class Appender extends AppenderBase<ILoggingEvent> {
    private final List<Line> lines = new ArrayList<>();
    private final Consumer<ILoggingEvent> also;

    Appender(Consumer<ILoggingEvent> also) {
      this.also = also;
    }

    @Override
    protected void append(ILoggingEvent event) {
      Cause cause = new Cause(event.getLevel(), event.getLoggerName(), event.getMessage());
      Line line = new Line(cause, event.getFormattedMessage(), event.getTimeStamp());
      synchronized (lines) {
        lines.add(line);
      }
      also.accept(event);
    }
  }
}
