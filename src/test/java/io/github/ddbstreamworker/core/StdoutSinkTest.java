package io.github.ddbstreamworker.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.logging.ConsoleEncoder;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** When item lines reach standard output, and that they always reach it whole. */
class StdoutSinkTest {

  private final RecordedWrites writes = new RecordedWrites();
  private final PrintStream stdout = new PrintStream(writes, true, StandardCharsets.UTF_8);

  @Test
  void writesNothingUntilFlushedThenTheBatchInOneCall() {
    StdoutSink sink = new StdoutSink(stdout);

    sink.accept("{\"n\":1,\"text\":\"é 日本 😀\"}");
    sink.accept("{\"n\":2}");
    sink.accept("{\"n\":3}");
    assertThat(writes.calls()).isEmpty();

    sink.flush();
    assertThat(writes.calls())
        .containsExactly("{\"n\":1,\"text\":\"é 日本 😀\"}\n{\"n\":2}\n{\"n\":3}\n");
  }

  @Test
  void writesBeforeTheFlushOnceTheWaitingLinesPassTheBoundAndOnlyWholeLines() {
    StdoutSink sink = new StdoutSink(stdout, 100);
    String line = "x".repeat(29);

    for (int n = 0; n < 3; n++) {
      sink.accept(line);
    }
    assertThat(writes.calls()).as("90 bytes waiting").isEmpty();
    sink.accept(line);
    assertThat(writes.calls()).containsExactly((line + "\n").repeat(4));
    sink.accept(line);
    assertThat(writes.calls()).hasSize(1);

    sink.flush();
    assertThat(writes.calls()).containsExactly((line + "\n").repeat(4), line + "\n");
  }

  @Test
  void writesALineLongerThanTheBoundWholeInOneCall() {
    StdoutSink sink = new StdoutSink(stdout, 100);
    String large = "y".repeat(1000);

    sink.accept("short");
    sink.accept(large);

    assertThat(writes.calls()).containsExactly("short\n" + large + "\n");
  }

  @Test
  void aLogLineWrittenMidBatchReachesTheStreamWholeAndApartFromTheItemLines() {
    // As with 2>&1 or a container's log driver: the log and the item lines on one pipe.
    StdoutSink sink = new StdoutSink(stdout);
    LoggerContext logging = new LoggerContext();
    Logger log = jsonLoggerOn(stdout, logging);

    sink.accept("{\"type\":\"item\",\"n\":1}");
    log.info("logged between two item lines");
    sink.accept("{\"type\":\"item\",\"n\":2}");
    sink.flush();
    logging.stop();

    assertThat(writes.calls()).hasSize(2);
    JsonNode logLine = RecordingSink.parse(writes.calls().get(0));
    assertThat(writes.calls().get(0)).endsWith("\n").hasLineCount(1);
    assertThat(logLine.get("message").asText()).isEqualTo("logged between two item lines");
    assertThat(writes.calls().get(1))
        .isEqualTo("{\"type\":\"item\",\"n\":1}\n{\"type\":\"item\",\"n\":2}\n");
  }

  /** A logger writing JSON lines to {@code stream}, as logback.xml's appender does to stderr. */
  private static Logger jsonLoggerOn(PrintStream stream, LoggerContext context) {
    context.setMDCAdapter(new LogbackMDCAdapter());
    ConsoleEncoder encoder = new ConsoleEncoder();
    encoder.setContext(context);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(stream);
    appender.start();
    Logger log = context.getLogger("test");
    log.addAppender(appender);
    return log;
  }

  /** Keeps what each call on the stream wrote, as text. */
  private static final class RecordedWrites extends OutputStream {

    private final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      calls.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
    }

    List<String> calls() {
      return List.copyOf(calls);
    }
  }
}
