package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.aws.ResolvedStream;
import io.github.ddbstreamworker.config.SnapshotSettings;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.ItemSink;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.local.DemoTable;
import io.github.ddbstreamworker.metrics.MeterNames;
import io.github.ddbstreamworker.metrics.SnapshotMeters;
import io.github.ddbstreamworker.snapshot.TableSnapshot;
import io.github.ddbstreamworker.testsupport.MotoServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Measures the snapshot's scan on a moto_server child: items a second, and read capacity units a
 * second spent against the budget, for each budget asked for. One worker's snapshot (four scans at
 * once) runs in this JVM, its lines counted and dropped. Run by the Maven profile {@code
 * snapshotbench} (docs/snapshot.md).
 */
@Command(
    name = "snapshot-bench",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Measure the snapshot's scan rate and budget (moto_server must be on the PATH)."
    })
public final class SnapshotBenchCommand implements Callable<Integer> {

  @Option(
      names = "--items",
      defaultValue = "20000",
      description = "items in the table (default ${DEFAULT-VALUE})")
  int items;

  @Option(
      names = "--item-bytes",
      defaultValue = "200",
      description = "about how large each item is (default ${DEFAULT-VALUE})")
  int itemBytes;

  @Option(
      names = "--budgets",
      split = ",",
      defaultValue = "25,100,1000",
      description = "SNAPSHOT_READ_CAPACITY values to run, one run each (default ${DEFAULT-VALUE})")
  List<Integer> budgets;

  @Option(
      names = "--segments",
      defaultValue = "16",
      description = "SNAPSHOT_SEGMENTS (default ${DEFAULT-VALUE})")
  int segments;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SnapshotBenchCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    try (MotoServer moto = MotoServer.start();
        AwsClients clients = new AwsClients(AwsConnection.local(moto.endpoint()))) {
      String table = "snapshot-bench";
      DemoTable.createIfMissing(clients.dynamoDb(), table, StreamViewType.NEW_AND_OLD_IMAGES);
      long loadStart = System.nanoTime();
      load(clients.dynamoDb(), table);
      System.out.printf(
          "%d items of about %d bytes loaded in %.1f s%n",
          items, itemBytes, (System.nanoTime() - loadStart) / 1e9);
      String streamArn =
          clients.dynamoDb().describeTable(d -> d.tableName(table)).table().latestStreamArn();
      ResolvedStream stream =
          new ResolvedStream(streamArn, table, StreamViewType.NEW_AND_OLD_IMAGES);
      System.out.printf(
          "%n%-10s %-9s %9s %10s %10s %10s %8s%n",
          "budget", "segments", "seconds", "items/s", "RCU", "RCU/s", "of budget");
      for (int budget : budgets) {
        run(clients, stream, budget);
      }
      System.out.printf(
          "%n(moto_server, %s, %d cores; RCU counted as the worker counts them: the larger of what"
              + " the server reports and the items' sizes)%n",
          LocalDate.now(), Runtime.getRuntime().availableProcessors());
    }
    return 0;
  }

  private void run(AwsClients clients, ResolvedStream stream, int budget) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LongAdder lines = new LongAdder();
    ItemSink counting =
        new ItemSink() {
          @Override
          public void accept(String line) {
            lines.increment();
          }

          @Override
          public void flush() {}
        };
    CompletableFuture<Void> done = new CompletableFuture<>();
    long started = System.nanoTime();
    try (TableSnapshot snapshot =
        TableSnapshot.start(
            new SnapshotSettings(segments, budget),
            "snapshot-bench-" + budget + "-" + System.nanoTime() % 100_000,
            "bench-worker",
            Duration.ofSeconds(10),
            clients.dynamoDb(),
            stream,
            new RecordPipeline((record, source) -> true, counting, new EventCounts()),
            new SnapshotMeters(registry),
            Clock.systemUTC(),
            start -> done.complete(null),
            reason -> done.completeExceptionally(new IllegalStateException(reason)))) {
      done.get(2, TimeUnit.HOURS);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double units = registry.get(MeterNames.SNAPSHOT_READ_CAPACITY).counter().count();
    System.out.printf(
        "%-10d %-9d %9.1f %10.0f %10.1f %10.1f %7.0f %%%n",
        budget,
        segments,
        seconds,
        lines.sum() / seconds,
        units,
        units / seconds,
        units / seconds / budget * 100);
  }

  private void load(DynamoDbClient dynamoDb, String table) {
    String pad = "x".repeat(Math.max(0, itemBytes - 40));
    IntStream.range(0, (items + 24) / 25)
        .parallel()
        .forEach(
            batch -> {
              List<WriteRequest> puts =
                  IntStream.range(batch * 25, Math.min(items, batch * 25 + 25))
                      .mapToObj(
                          n ->
                              WriteRequest.builder()
                                  .putRequest(
                                      PutRequest.builder()
                                          .item(
                                              Map.of(
                                                  "id",
                                                  AttributeValue.fromS(
                                                      String.format("item-%08d", n)),
                                                  "n",
                                                  AttributeValue.fromN(Integer.toString(n)),
                                                  "pad",
                                                  AttributeValue.fromS(pad)))
                                          .build())
                                  .build())
                      .toList();
              dynamoDb.batchWriteItem(write -> write.requestItems(Map.of(table, puts)));
            });
  }
}
