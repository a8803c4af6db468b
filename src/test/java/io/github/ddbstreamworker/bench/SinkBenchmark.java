package io.github.ddbstreamworker.bench;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import io.github.ddbstreamworker.core.ItemLineFormatter;
import io.github.ddbstreamworker.core.ItemSink;
import io.github.ddbstreamworker.core.StdoutSink;
import io.github.ddbstreamworker.testsupport.StreamRecords;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per item line written to a real file descriptor, three ways, on one thread:
 *
 * <ul>
 *   <li>{@code linePerWrite}: each line in its own call on a stream built as the JVM builds {@link
 *       System#out} (autoflush, a 128-byte {@link BufferedOutputStream}, a {@link
 *       FileOutputStream}), so one {@code write} system call a line; the worker's sink before
 *       batching.
 *   <li>{@code batched}: {@link StdoutSink} on the same kind of stream: a batch's lines in one call
 *       at {@code flush()}, or sooner once they pass 64 KiB.
 *   <li>{@code asyncAppender}: logback's {@link AsyncAppender} in front of an {@link
 *       OutputStreamAppender} on the same kind of stream, writing only the message ({@code
 *       %msg%n}), with {@code discardingThreshold} 0 so no line is dropped (by default it drops
 *       INFO lines once its queue is 80 % full). The caller does not wait for the write, only for
 *       room in the queue (256 lines), so the score is the pace of the slower of the two threads.
 * </ul>
 *
 * The two sinks flush every {@code linesPerBatch} lines, as the worker does after each batch. The
 * floor, {@code floorEncodeOnly}, only turns the line into UTF-8 bytes, as each of them must.
 * Targets: {@code /dev/null}; a regular file (the page cache, no fsync; emptied before each
 * iteration); a named pipe read by {@code cat}, as a container's stdout is a pipe read by the
 * runtime. The line is the typical item of {@link PipelineBenchmark} as the worker writes it (1.3
 * KB).
 *
 * <pre>./mvnw -q -Pjmh test-compile exec:exec -Djmh.results=sink.csv -Djmh.args="SinkBenchmark"
 * </pre>
 *
 * About six minutes; results and the decision they led to are in {@code docs/benchmarks.md}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SinkBenchmark {

  private static final String LINE =
      new ItemLineFormatter()
          .format(
              StreamRecords.insert("4421584500000000017450439092", PipelineBenchmark.typicalItem()),
              PipelineBenchmark.SOURCE);

  /** A file descriptor and a stream over it like {@link System#out}. */
  @State(Scope.Thread)
  public static class Target {

    @Param({"devnull", "file", "pipe"})
    String target;

    Path file;
    Path pipe;
    Process pipeReader;
    PrintStream stdout;

    @Setup(Level.Trial)
    public void open() throws IOException, InterruptedException {
      Path path =
          switch (target) {
            case "devnull" -> Path.of("/dev/null");
            case "file" -> file = Files.createTempFile("sink-benchmark", ".jsonl");
            case "pipe" -> namedPipe();
            default -> throw new IllegalArgumentException(target);
          };
      stdout =
          new PrintStream(
              new BufferedOutputStream(new FileOutputStream(path.toFile(), true), 128),
              true,
              StandardCharsets.UTF_8);
    }

    /** Keeps the file from growing by gigabytes over a run. */
    @Setup(Level.Iteration)
    public void empty() throws IOException {
      if (file != null) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
          channel.truncate(0);
        }
      }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, InterruptedException {
      stdout.close();
      if (pipeReader != null) {
        pipeReader.waitFor();
        Files.delete(pipe);
        Files.delete(pipe.getParent());
      }
      if (file != null) {
        Files.delete(file);
      }
    }

    private Path namedPipe() throws IOException, InterruptedException {
      pipe = Files.createTempDirectory("sink-benchmark").resolve("stdout");
      if (new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() != 0) {
        throw new IOException("mkfifo failed");
      }
      pipeReader =
          new ProcessBuilder("cat", pipe.toString())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return pipe;
    }
  }

  /** How many lines the sinks take between flushes. */
  @State(Scope.Thread)
  public static class Batch {

    @Param({"10", "1000"})
    int linesPerBatch;

    int accepted;

    void written(ItemSink sink) {
      if (++accepted == linesPerBatch) {
        sink.flush();
        accepted = 0;
      }
    }
  }

  @State(Scope.Thread)
  public static class LinePerWrite {

    ItemSink sink;

    @Setup(Level.Trial)
    public void setUp(Target target) {
      sink = new LinePerWriteSink(target.stdout);
    }
  }

  @State(Scope.Thread)
  public static class Batched {

    ItemSink sink;

    @Setup(Level.Trial)
    public void setUp(Target target) {
      sink = new StdoutSink(target.stdout);
    }
  }

  @State(Scope.Thread)
  public static class Async {

    LoggerContext context;
    Logger logger;

    @Setup(Level.Trial)
    public void setUp(Target target) {
      context = new LoggerContext();
      context.setMDCAdapter(new LogbackMDCAdapter());
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(context);
      encoder.setPattern("%msg%n");
      encoder.start();
      OutputStreamAppender<ILoggingEvent> writer = new OutputStreamAppender<>();
      writer.setContext(context);
      writer.setEncoder(encoder);
      writer.setOutputStream(target.stdout);
      writer.start();
      AsyncAppender async = new AsyncAppender();
      async.setContext(context);
      async.setDiscardingThreshold(0);
      async.addAppender(writer);
      async.start();
      logger = context.getLogger("items");
      logger.setAdditive(false);
      logger.addAppender(async);
    }

    /**
     * Waits for the queue to drain, then stops both appenders; an appender's error ends the run.
     */
    @TearDown(Level.Trial)
    public void tearDown() {
      context.stop();
      if (new StatusUtil(context).getHighestLevel(0) >= Status.WARN) {
        throw new IllegalStateException(
            context.getStatusManager().getCopyOfStatusList().toString());
      }
    }
  }

  @Benchmark
  public void linePerWrite(LinePerWrite state, Batch batch) {
    state.sink.accept(LINE);
    batch.written(state.sink);
  }

  @Benchmark
  public void batched(Batched state, Batch batch) {
    state.sink.accept(LINE);
    batch.written(state.sink);
  }

  @Benchmark
  public void asyncAppender(Async state) {
    state.logger.info(LINE);
  }

  /** What every way pays before any write: the line as UTF-8 bytes. */
  @Benchmark
  public byte[] floorEncodeOnly() {
    return LINE.getBytes(StandardCharsets.UTF_8);
  }

  /** The worker's sink before batching: one call on the stream a line. */
  private static final class LinePerWriteSink implements ItemSink {

    private final PrintStream out;

    LinePerWriteSink(PrintStream out) {
      this.out = out;
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
}
