package io.github.ddbstreamworker.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * An exception as it may be logged: the classes of it and its causes, and their stack frames, but
 * never a message. A message is free text from whatever code threw it and often quotes the input:
 * Jackson's parse and mapping errors quote the document, {@code NumberFormatException} the number,
 * an {@code IllegalArgumentException} whatever value it refused. Nothing can tell item content from
 * other text there, so no message is written; the classes and frames say where it happened.
 *
 * @param classes the exception's class, then each cause's, outermost first
 * @param stackTrace the frames of each, like a Java stack trace without the messages
 */
public record ExceptionOutline(List<String> classes, String stackTrace) {

  /** Frames kept per exception; the rest are counted. */
  static final int MAX_FRAMES = 40;

  public static ExceptionOutline of(Throwable thrown) {
    List<String> classes = new ArrayList<>();
    StringBuilder trace = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable each = thrown; each != null && seen.add(each); each = each.getCause()) {
      String name = each.getClass().getName();
      if (!classes.isEmpty()) {
        trace.append("Caused by: ");
      }
      classes.add(name);
      trace.append(name).append('\n');
      StackTraceElement[] frames = each.getStackTrace();
      for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
        trace.append("\tat ").append(frames[i]).append('\n');
      }
      if (frames.length > MAX_FRAMES) {
        trace.append("\t... ").append(frames.length - MAX_FRAMES).append(" more\n");
      }
    }
    return new ExceptionOutline(List.copyOf(classes), trace.toString());
  }

  /** The outermost class, the one that names what went wrong. */
  public String exceptionClass() {
    return classes.get(0);
  }
}
