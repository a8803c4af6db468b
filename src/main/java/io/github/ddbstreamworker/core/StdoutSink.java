package io.github.ddbstreamworker.core;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes item lines to standard output a batch at a time: lines wait until {@link #flush()}, or
 * until they pass 64 KiB, then go out whole in one call on {@link System#out}. The log goes to
 * stderr; where both reach one pipe ({@code 2>&1}, a container's log driver) a log line still never
 * splits an item line. On a pipe, as a container's stdout is, one write a batch instead of one a
 * line more than halves what a line costs (docs/benchmarks.md).
 */
public final class StdoutSink implements ItemSink {

  /** Waiting lines past this many bytes are written before the batch ends. */
  static final int WRITE_BOUND = 64 * 1024;

  private final PrintStream out;
  private final int writeBound;
  private final PendingLines pending = new PendingLines();

  public StdoutSink(PrintStream out) {
    this(out, WRITE_BOUND);
  }

  StdoutSink(PrintStream out, int writeBound) {
    this.out = out;
    this.writeBound = writeBound;
  }

  public static StdoutSink systemOut() {
    return new StdoutSink(System.out);
  }

  // Shards' threads share the sink. Writing under its lock means a flush returns only once every
  // line accepted before it, from any shard, is on the stream.
  @Override
  public synchronized void accept(String line) {
    pending.writeBytes(line.getBytes(StandardCharsets.UTF_8));
    pending.write('\n');
    if (pending.size() >= writeBound) {
      pending.drainTo(out);
    }
  }

  @Override
  public synchronized void flush() {
    pending.drainTo(out);
    out.flush();
  }

  /** Whole lines, handed to the stream in one call without copying them first. */
  private static final class PendingLines extends ByteArrayOutputStream {

    PendingLines() {
      super(WRITE_BOUND + 8 * 1024);
    }

    synchronized void drainTo(PrintStream out) {
      if (count > 0) {
        out.write(buf, 0, count);
        reset();
      }
    }
  }
}
