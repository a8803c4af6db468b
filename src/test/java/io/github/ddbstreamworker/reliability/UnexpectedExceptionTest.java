package io.github.ddbstreamworker.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.ddbstreamworker.app.FaultSeams;
import io.github.ddbstreamworker.app.WorkerAssembly;
import io.github.ddbstreamworker.core.ItemSink;
import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import io.github.ddbstreamworker.metrics.MeterNames;
import io.github.ddbstreamworker.status.StreamStatusReader;
import io.github.ddbstreamworker.testsupport.FaultSwitch;
import io.github.ddbstreamworker.testsupport.FaultyCheckpointer;
import io.github.ddbstreamworker.testsupport.FaultyMeterRegistry;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Fault switches in the worker's own code, with the real KCL and adapter on moto_server: a filter,
 * a sink, a meter and a checkpointer that throw something unexpected, once. Each time the shard
 * halts at the last record done and says so (/health 503 naming it, status, one ERROR line, a
 * count), the log holds no item content and no KCL "Skipping over" line, and a worker that takes
 * the shard next, after a restart or a takeover, reads the record again: nothing is skipped.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class UnexpectedExceptionTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Map<String, String> SETTINGS =
      Map.of("CHECKPOINT_INTERVAL_MS", "0", "HTTP_PORT", "0");

  /** In every item; the log must never show it. */
  private static final String SECRET = "secret-" + UUID.randomUUID();

  private static final ListAppender<ILoggingEvent> LOGGED = new ListAppender<>();
  private static final Logger ROOT_LOG = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

  /** Each switch on a table of its own, all at once: a worker spends most of its time waiting. */
  private static final Map<String, Future<Run>> RUNS = new ConcurrentHashMap<>();

  private static ExecutorService scenarios;

  @BeforeAll
  static void throwFromEachPlaceAtOnce() {
    LOGGED.start();
    ROOT_LOG.addAppender(LOGGED);
    scenarios = Executors.newFixedThreadPool(4);
    RUNS.put("filter", scenarios.submit(UnexpectedExceptionTest::filterThrows));
    RUNS.put("sink", scenarios.submit(UnexpectedExceptionTest::sinkCannotFlush));
    RUNS.put("meter", scenarios.submit(UnexpectedExceptionTest::meterThrows));
    RUNS.put("checkpoint", scenarios.submit(UnexpectedExceptionTest::checkpointerThrows));
  }

  @AfterAll
  static void stop() {
    scenarios.shutdownNow();
    ROOT_LOG.detachAppender(LOGGED);
  }

  @Test
  void aFilterThatThrowsHaltsTheShardAndTheRecordIsReadAfterARestart() {
    Run run = finished("filter");

    assertThat(run.first()).doesNotContain("b", "c");
    assertThat(run.second()).contains("b", "c");
    assertThat(run.haltLine()).contains("\"sequenceNumber\"");
  }

  @Test
  void aSinkThatCannotFlushHaltsTheShardAndAnotherWorkerTakesItOver() {
    Run run = finished("sink");

    assertThat(run.first()).doesNotContain("c");
    assertThat(run.second()).as("the unflushed line is written again").contains("b", "c");
    assertThat(run.haltLine()).contains("\"sequenceNumber\"", "UncheckedIOException");
  }

  @Test
  void aMeterThatThrowsHaltsTheShardAndAnotherWorkerTakesItOver() {
    Run run = finished("meter");

    // The meter counts a checkpoint already written: the shard halts after it.
    assertThat(run.first()).doesNotContain("c");
    assertThat(run.second()).contains("c");
  }

  @Test
  void aCheckpointerThatThrowsHaltsTheShardAndTheBatchIsReadAgainAfterARestart() {
    Run run = finished("checkpoint");

    assertThat(run.first()).doesNotContain("c");
    assertThat(run.second()).contains("b", "c");
    Set<String> both = new HashSet<>(run.first());
    both.retainAll(run.second());
    assertThat(both).as("the batch whose checkpoint failed is logged again").isNotEmpty();
  }

  @Test
  void theLogHoldsNoItemContentAndNoSkippedRecords() {
    awaitAll();
    List<String> lines = encoded(Level.TRACE);

    assertThat(lines).noneMatch(line -> line.contains("Skipping over"));
    assertThat(lines).noneMatch(line -> line.contains(SECRET));
  }

  private static Run filterThrows() {
    FaultSwitch fault = new FaultSwitch();
    fault.arm();
    return halt(
        "filter",
        new SimpleMeterRegistry(),
        UnaryOperator.identity(),
        FaultSeams.filter(
            filter ->
                (record, source) -> {
                  if (record.dynamodb().keys().get("id").s().equals("b") && fault.fire()) {
                    // Quotes the item, as a real library's message might.
                    throw new IllegalStateException("no match for " + record.dynamodb());
                  }
                  return filter.accepts(record, source);
                }),
        () -> {},
        false);
  }

  private static Run sinkCannotFlush() {
    FaultSwitch fault = new FaultSwitch();
    return halt(
        "sink",
        new SimpleMeterRegistry(),
        sink ->
            new ItemSink() {
              private String last;

              @Override
              public void accept(String line) {
                sink.accept(line);
                last = line;
                if (line.contains("\"b\"")) {
                  fault.arm();
                }
              }

              @Override
              public void flush() {
                if (fault.fire()) {
                  throw new UncheckedIOException(
                      "cannot flush " + last, new IOException("device gone"));
                }
                sink.flush();
              }
            },
        UnaryOperator.identity(),
        () -> {},
        true);
  }

  private static Run meterThrows() {
    FaultSwitch fault = new FaultSwitch();
    return halt(
        "meter",
        new FaultyMeterRegistry(MeterNames.CHECKPOINTS, fault),
        UnaryOperator.identity(),
        UnaryOperator.identity(),
        fault::arm,
        true);
  }

  private static Run checkpointerThrows() {
    FaultSwitch fault = new FaultSwitch();
    return halt(
        "checkpoint",
        new SimpleMeterRegistry(),
        UnaryOperator.identity(),
        FaultSeams.checkpointer(checkpointer -> new FaultyCheckpointer(checkpointer, fault)),
        fault::arm,
        false);
  }

  /** Waits for every scenario, however it ends, so that the log is complete. */
  private static void awaitAll() {
    for (Future<Run> run : RUNS.values()) {
      try {
        run.get(3, TimeUnit.MINUTES);
      } catch (ExecutionException failedElsewhere) {
        // Its own test reports it.
      } catch (InterruptedException | TimeoutException e) {
        throw new AssertionError("a scenario did not finish", e);
      }
    }
  }

  /** Waits for every scenario, so that the log is complete, then gives this one's outcome. */
  private static Run finished(String where) {
    Run run = null;
    Throwable failed = null;
    for (Map.Entry<String, Future<Run>> each : RUNS.entrySet()) {
      try {
        Run done = each.getValue().get(3, TimeUnit.MINUTES);
        if (each.getKey().equals(where)) {
          run = done;
        }
      } catch (ExecutionException e) {
        if (each.getKey().equals(where)) {
          failed = e.getCause();
        }
      } catch (InterruptedException | TimeoutException e) {
        throw new AssertionError("the " + each.getKey() + " scenario did not finish", e);
      }
    }
    if (failed instanceof Error error) {
      throw error;
    }
    if (failed != null) {
      throw new AssertionError(failed);
    }
    return run;
  }

  /**
   * What each worker logged (item ids), and the ERROR line of the halt.
   *
   * @param first ids the faulty worker logged
   * @param second ids the next worker logged
   */
  private record Run(List<String> first, List<String> second, String haltLine) {}

  /**
   * Item a, then the fault is armed and item b written; the first worker must halt; item c is
   * written; then a second worker takes the shard: after the first stops (a restart, same worker
   * id) or while it still runs (a takeover, another id, the first then stopped by ECS).
   */
  private static Run halt(
      String where,
      MeterRegistry meters,
      UnaryOperator<ItemSink> sink,
      UnaryOperator<WorkerAssembly.Builder> seams,
      Runnable armAfterFirstItem,
      boolean takeover) {
    String table = MotoDynamoDb.newTable("halt-" + where, StreamViewType.NEW_AND_OLD_IMAGES);
    String application = "ddb-stream-worker-" + table;
    RunningWorker first =
        RunningWorker.start(table, where + "-first", SETTINGS, meters, sink, seams);
    RunningWorker second = null;
    try {
      MotoDynamoDb.put(table, "a", SECRET);
      first.sink().awaitItems(1, TIMEOUT);
      armAfterFirstItem.run();
      MotoDynamoDb.put(table, "b", SECRET);
      Awaitility.await().atMost(TIMEOUT).until(() -> !first.worker().health().ok());
      String shardId =
          LeaseRows.scan(MotoDynamoDb.clients().dynamoDb(), application).get(0).leaseKey();

      HttpResponse<String> health = get(first.httpPort(), "/health");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains(shardId, "halted", where).doesNotContain(SECRET);
      assertThat(statusWarnings(first, application))
          .anySatisfy(warning -> assertThat(warning).contains(shardId, "halted", where));
      assertThat(unexpectedErrors(meters, where)).isEqualTo(1);

      MotoDynamoDb.put(table, "c", SECRET);
      if (takeover) {
        second = RunningWorker.start(table, where + "-second", SETTINGS);
        first.close();
      } else {
        first.close();
        second = RunningWorker.start(table, where + "-first", SETTINGS);
      }
      RunningWorker next = second;
      Awaitility.await().atMost(TIMEOUT).until(() -> ids(next).contains("c"));
      assertThat(second.worker().health().ok()).isTrue();

      Set<String> everyItem = new HashSet<>(ids(first));
      everyItem.addAll(ids(second));
      assertThat(everyItem).as("nothing skipped").contains("a", "b", "c");
      assertThat(ids(first)).contains("a");
      return new Run(ids(first), ids(second), haltLine(shardId, where));
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  /** The one ERROR line of the halt, with where, what and which record but no item content. */
  private static String haltLine(String shardId, String where) {
    List<String> halts =
        encoded(Level.ERROR).stream()
            .filter(line -> line.contains("shard halted"))
            .filter(line -> line.contains("{\"where\":\"" + where + "\"}"))
            .toList();
    assertThat(halts).hasSize(1);
    assertThat(halts.get(0)).contains(shardId, "Exception", "\\tat ");
    return halts.get(0);
  }

  /** The captured events at or above a level, as the worker's JSON log writes them. */
  private static List<String> encoded(Level atLeast) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    encoder.start();
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : snapshot()) {
      if (event.getLevel().isGreaterOrEqual(atLeast)) {
        lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  /** The appender's list is written by the workers' threads. */
  private static List<ILoggingEvent> snapshot() {
    synchronized (LOGGED) {
      return List.copyOf(LOGGED.list);
    }
  }

  private static List<String> ids(RunningWorker worker) {
    return worker.sink().items().stream().map(item -> item.get("keys").get("id").asText()).toList();
  }

  private static double unexpectedErrors(MeterRegistry meters, String where) {
    Counter counter =
        meters.find(MeterNames.UNEXPECTED_ERRORS).tag(MeterNames.TAG_WHERE, where).counter();
    return counter == null ? 0 : counter.count();
  }

  private static List<String> statusWarnings(RunningWorker worker, String application) {
    try {
      return new StreamStatusReader(
              MotoDynamoDb.clients().dynamoDb(), MotoDynamoDb.clients().streams())
          .read(
              worker.worker().stream().streamArn(),
              application,
              Duration.ZERO,
              10,
              Duration.ofHours(1))
          .warnings();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static HttpResponse<String> get(int port, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
