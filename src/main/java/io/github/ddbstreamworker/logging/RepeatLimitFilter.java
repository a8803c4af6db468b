package io.github.ddbstreamworker.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Lets a WARN or ERROR line of the KCL, the adapter or the AWS SDK through once per period (a
 * minute by default) per cause, the cause being the logger and the message template; repeats within
 * the period are dropped. Throttling and server errors make these libraries log the same line on
 * every retry, for every shard; once a minute says as much, and the meters count every failure. The
 * worker's own lines are not limited: give only upstream logger prefixes.
 *
 * <p>Logback's {@code DuplicateMessageFilter} is keyed the same way but drops a template for good
 * once it has been seen a given number of times, so a fault that returns an hour later would not be
 * logged again.
 */
public final class RepeatLimitFilter extends TurboFilter {

  /** Causes remembered; past this the memory starts afresh rather than grow without bound. */
  private static final int MAX_CAUSES = 1_000;

  private static final Pattern SHARD_ID = Pattern.compile("shardId-[0-9]+-[0-9a-f]+");
  private static final Pattern NUMBER = Pattern.compile("[0-9]+");

  private record Cause(String logger, String template) {}

  private final List<String> prefixes = new ArrayList<>();
  private final Map<Cause, Long> lastPassedNanos = new ConcurrentHashMap<>();
  private long periodNanos = 60_000_000_000L;

  /** A logger name prefix whose lines are limited, such as {@code software.amazon.kinesis}. */
  public void addPrefix(String prefix) {
    prefixes.add(prefix.trim());
  }

  /** The shortest time between two lines of one cause, in seconds. */
  public void setPeriodSeconds(int seconds) {
    if (seconds <= 0) {
      addError("periodSeconds must be positive, not " + seconds);
      return;
    }
    periodNanos = seconds * 1_000_000_000L;
  }

  /** Forgets every cause seen, as if no line had passed yet. */
  void forgetCauses() {
    lastPassedNanos.clear();
  }

  @Override
  public FilterReply decide(
      org.slf4j.Marker marker,
      Logger logger,
      Level level,
      String format,
      Object[] params,
      Throwable t) {
    // Called for every logging call, enabled or not: the cheap checks first.
    if (format == null || level == null || !level.isGreaterOrEqual(Level.WARN)) {
      return FilterReply.NEUTRAL;
    }
    if (!limits(logger.getName()) || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      return FilterReply.NEUTRAL;
    }
    if (lastPassedNanos.size() > MAX_CAUSES) {
      lastPassedNanos.clear();
    }
    long now = System.nanoTime();
    boolean[] passes = {false};
    lastPassedNanos.compute(
        new Cause(logger.getName(), withoutValues(format)),
        (cause, last) -> {
          if (last == null || now - last >= periodNanos) {
            passes[0] = true;
            return now;
          }
          return last;
        });
    return passes[0] ? FilterReply.NEUTRAL : FilterReply.DENY;
  }

  private static String withoutValues(String template) {
    return NUMBER.matcher(SHARD_ID.matcher(template).replaceAll("shardId")).replaceAll("#");
  }

  private boolean limits(String loggerName) {
    for (String prefix : prefixes) {
      if (loggerName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
