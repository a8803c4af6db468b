package io.github.ddbstreamworker.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/** The log on stderr, as logback.xml sets it up: which {@link LogFormat} it is written in. */
public final class ConsoleLog {

  private ConsoleLog() {}

  /** Writes every line from now on in {@code format}. */
  public static void use(LogFormat format) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender
          && appender.getEncoder() instanceof ConsoleEncoder encoder) {
        encoder.use(format);
      }
    }
  }

  /**
   * Whether stderr is a terminal, where a person reads the log. {@code System.console()} answers
   * for stdin and stdout, so {@code local > items.jsonl} would count as no terminal; Java 17 has no
   * isatty. POSIX {@code test -t 2}, run with this process's stderr, answers for stderr itself, on
   * Linux and macOS alike; where there is no shell (a distroless image) the answer is no.
   */
  public static boolean stderrIsTerminal() {
    try {
      Process test =
          new ProcessBuilder("sh", "-c", "test -t 2")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      if (!test.waitFor(5, TimeUnit.SECONDS)) {
        test.destroyForcibly();
        return false;
      }
      return test.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
