package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.config.WorkerSettings;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.core.failure.BatchProcessor;
import io.github.ddbstreamworker.core.failure.FailureListener;
import io.github.ddbstreamworker.core.failure.FailurePolicy;
import io.github.ddbstreamworker.core.failure.LogOnlyDestination;
import io.github.ddbstreamworker.kcl.StreamWorker;
import io.github.ddbstreamworker.local.DemoTable;
import io.github.ddbstreamworker.local.EmbeddedDynamoDb;
import io.github.ddbstreamworker.metrics.WorkerMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Measures the worker on an embedded DynamoDB Local, in one run: cold and warm start to the first
 * record, end-to-end latency at a steady write rate, and how long another worker takes to continue
 * after the one holding the shard stops gracefully.
 */
public final class WorkerBenchmark {

  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Pattern ID = Pattern.compile("\"keys\":\\{\"id\":\"([^\"]+)\"");
  private static final String TABLE = "bench-items";
  private static final String APPLICATION = "bench";

  private final WorkerSettings settings;
  private final int items;
  private final int writesPerSecond;
  private final PrintStream out;

  public WorkerBenchmark(WorkerSettings settings, int items, int writesPerSecond, PrintStream out) {
    this.settings = settings;
    this.items = items;
    this.writesPerSecond = writesPerSecond;
    this.out = out;
  }

  public void run() throws InterruptedException {
    try (EmbeddedDynamoDb dynamoDbLocal = EmbeddedDynamoDb.startInMemory();
        AwsClients clients = new AwsClients(AwsConnection.local(dynamoDbLocal.endpoint()))) {
      DemoTable.createIfMissing(clients.dynamoDb(), TABLE, StreamViewType.NEW_AND_OLD_IMAGES);
      out.printf(
          "poll interval %d ms, max records %d%n",
          settings.pollInterval().toMillis(), settings.maxRecords());

      put(clients, "cold");
      Started cold = startAndAwaitFirst(clients, "bench-a");
      out.printf("cold start to first record (new lease table):     %6d ms%n", cold.millisToFirst);
      cold.worker.close();

      put(clients, "warm");
      Started warm = startAndAwaitFirst(clients, "bench-b");
      out.printf("warm start to first record (existing leases):     %6d ms%n", warm.millisToFirst);

      measureLatency(clients, warm.sink);

      Started other = start(clients, "bench-c");
      Thread.sleep(3_000);
      String leader = leader(clients);
      long stopped = System.nanoTime();
      warm.worker.close();
      put(clients, "after-takeover");
      awaitUntil(() -> other.sink.count() > 0);
      out.printf(
          "takeover after graceful stop of the holder:       %6d ms (the holder %s the KCL leader)%n",
          (other.sink.arrivals().get(0).nanos() - stopped) / 1_000_000,
          "bench-b".equals(leader) ? "was" : "was not");
      other.worker.close();
    }
  }

  private void measureLatency(AwsClients clients, TimedSink sink) throws InterruptedException {
    Map<String, Long> written = new ConcurrentHashMap<>();
    int before = sink.count();
    long intervalNanos = 1_000_000_000L / writesPerSecond;
    long next = System.nanoTime();
    for (int i = 0; i < items; i++) {
      String id = "latency-" + i;
      written.put(id, System.nanoTime());
      put(clients, id);
      next += intervalNanos;
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
      }
    }
    awaitUntil(() -> sink.count() >= before + items);
    List<Long> latencies = new ArrayList<>();
    for (TimedSink.Arrival arrival : sink.arrivals()) {
      Matcher id = ID.matcher(arrival.line());
      if (id.find() && written.containsKey(id.group(1))) {
        latencies.add((arrival.nanos() - written.get(id.group(1))) / 1_000_000);
      }
    }
    Collections.sort(latencies);
    out.printf(
        "end-to-end latency, %d items at %d/s:  p50 %d ms  p90 %d ms  p99 %d ms  max %d ms%n",
        latencies.size(),
        writesPerSecond,
        percentile(latencies, 50),
        percentile(latencies, 90),
        percentile(latencies, 99),
        latencies.get(latencies.size() - 1));
  }

  private static long percentile(List<Long> sorted, int percent) {
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }

  private record Started(StreamWorker worker, TimedSink sink, long millisToFirst) {}

  private Started start(AwsClients clients, String workerId) {
    TimedSink sink = new TimedSink();
    StreamWorker worker =
        StreamWorker.start(
            settingsFor(workerId),
            clients,
            new BatchProcessor(
                new RecordPipeline(settings.filter(), sink, new EventCounts()),
                FailurePolicy.defaults(),
                new LogOnlyDestination(),
                FailureListener.NONE,
                Clock.systemUTC()),
            new WorkerMeters(new SimpleMeterRegistry()));
    return new Started(worker, sink, -1);
  }

  private Started startAndAwaitFirst(AwsClients clients, String workerId)
      throws InterruptedException {
    long started = System.nanoTime();
    Started worker = start(clients, workerId);
    awaitUntil(() -> worker.sink.count() > 0);
    return new Started(
        worker.worker, worker.sink, (worker.sink.arrivals().get(0).nanos() - started) / 1_000_000);
  }

  private WorkerSettings settingsFor(String workerId) {
    Map<String, String> values = new HashMap<>();
    values.put("TABLE_NAME", TABLE);
    values.put("APPLICATION_NAME", APPLICATION);
    values.put("WORKER_ID", workerId);
    values.put("POLL_INTERVAL_MS", Long.toString(settings.pollInterval().toMillis()));
    values.put("MAX_RECORDS", Integer.toString(settings.maxRecords()));
    return WorkerSettings.from(values::get);
  }

  private static void put(AwsClients clients, String id) {
    clients
        .dynamoDb()
        .putItem(
            request ->
                request
                    .tableName(TABLE)
                    .item(
                        Map.of(
                            DemoTable.KEY,
                            AttributeValue.fromS(id),
                            "payload",
                            AttributeValue.fromS("x".repeat(200)))));
  }

  private static String leader(AwsClients clients) {
    Map<String, AttributeValue> lock =
        clients
            .dynamoDb()
            .getItem(
                request ->
                    request
                        .tableName(APPLICATION + "-CoordinatorState")
                        .key(Map.of("key", AttributeValue.fromS("Leader"))))
            .item();
    return lock.containsKey("ownerName") ? lock.get("ownerName").s() : "none";
  }

  private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the worker did not deliver within " + WAIT);
      }
      Thread.sleep(5);
    }
  }
}
