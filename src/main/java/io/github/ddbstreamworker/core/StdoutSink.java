package io.github.ddbstreamworker.core;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes each item line to standard output in one call on {@link System#out}, the stream the log
 * appender also writes to, so a log line can never split an item line.
 */
public final class StdoutSink implements ItemSink {

  private final PrintStream out;

  public StdoutSink(PrintStream out) {
    this.out = out;
  }

  public static StdoutSink systemOut() {
    return new StdoutSink(System.out);
  }

  @Override
  public void accept(String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    out.write(bytes, 0, bytes.length);
  }

  @Override
  public void flush() {
    out.flush();
  }
}
