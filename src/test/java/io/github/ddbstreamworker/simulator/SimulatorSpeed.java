package io.github.ddbstreamworker.simulator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The simulator's speed, for docs/simulator.md: writing a backlog, serving one shard's GetRecords
 * to a bare HTTP client and to the AWS SDK, and a stream of 1,000 shards. Run with
 *
 * <pre>
 * ./mvnw -q test-compile org.codehaus.mojo:exec-maven-plugin:3.6.4:java \
 *     -Dexec.classpathScope=test -Dexec.mainClass=io.github.ddbstreamworker.simulator.SimulatorSpeed
 * </pre>
 */
public final class SimulatorSpeed {

  private static final int BACKLOG = 100_000;
  private static final int ITEM_BYTES = 200;
  private static final int ROUNDS = 3;

  private SimulatorSpeed() {}

  public static void main(String[] args) throws Exception {
    ((LoggerContext) LoggerFactory.getILoggerFactory())
        .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        .setLevel(Level.WARN);
    System.out.printf(
        "%d cores, Java %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    SimulatorOptions options = SimulatorOptions.defaults().withGetRecordsLimitPerShard(0);
    try (StreamSimulator simulator = StreamSimulator.start(options);
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      for (int round = 1; round <= ROUNDS; round++) {
        oneShard(simulator, client, round);
      }
      thousandShards(simulator, client);
    }
  }

  private static void oneShard(StreamSimulator simulator, DynamoDbStreamsClient client, int round)
      throws Exception {
    SimulatedStream stream =
        simulator.createStream(
            StreamSpec.of("speed-" + round, "id", StreamViewType.NEW_AND_OLD_IMAGES));
    long start = System.nanoTime();
    stream.fill(BACKLOG, ITEM_BYTES);
    double fillSeconds = seconds(start);
    String shard = stream.shards().get(0).shardId();

    start = System.nanoTime();
    long[] raw = drainRaw(simulator.endpoint(), client, stream.streamArn(), shard);
    double rawSeconds = seconds(start);

    start = System.nanoTime();
    long sdkRecords = drainSdk(client, stream.streamArn(), shard);
    double sdkSeconds = seconds(start);

    System.out.printf(
        "round %d, one shard, %,d records of %d-byte items: fill %,.0f records/s;"
            + " GetRecords to a bare HTTP client %,.0f records/s (%.0f MB/s, %d calls);"
            + " to the AWS SDK v2 client %,.0f records/s%n",
        round,
        BACKLOG,
        ITEM_BYTES,
        BACKLOG / fillSeconds,
        raw[0] / rawSeconds,
        raw[1] / rawSeconds / 1e6,
        raw[2],
        sdkRecords / sdkSeconds);
  }

  private static void thousandShards(StreamSimulator simulator, DynamoDbStreamsClient client)
      throws Exception {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    long heapBefore = runtime.totalMemory() - runtime.freeMemory();
    long start = System.nanoTime();
    SimulatedStream stream =
        simulator.createStream(
            StreamSpec.of("speed-shards", "id", StreamViewType.NEW_AND_OLD_IMAGES)
                .withShards(1_000));
    long written = stream.fill(100, ITEM_BYTES);
    double fillSeconds = seconds(start);

    start = System.nanoTime();
    List<Shard> shards = SimulatorClients.shards(client, stream.streamArn());
    double describeSeconds = seconds(start);

    start = System.nanoTime();
    long read = 0;
    for (Shard shard : shards) {
      String iterator =
          SimulatorClients.iterator(
              client, stream.streamArn(), shard.shardId(), ShardIteratorType.TRIM_HORIZON);
      read += client.getRecords(request -> request.shardIterator(iterator)).records().size();
    }
    double readSeconds = seconds(start);

    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long loadStart = System.nanoTime();
    long loadWritten;
    try (SteadyLoad load = stream.steadyLoad(LoadSpec.perShard(10).withItemBytes(ITEM_BYTES))) {
      Thread.sleep(Duration.ofSeconds(10).toMillis());
      loadWritten = load.written();
    }
    double loadSeconds = seconds(loadStart);
    double cpuShare = (os.getProcessCpuTime() - cpuBefore) / 1e9 / loadSeconds;
    System.gc();
    long heapAfter = runtime.totalMemory() - runtime.freeMemory();

    System.out.printf(
        "1,000 shards: created and filled with %,d records in %.2f s; DescribeStream of all"
            + " shards (%d pages) %.0f ms; one GetShardIterator + GetRecords per shard, %,d records,"
            + " %.2f s; steady load of 10 records/s per shard: %,.0f records/s for %.0f s at %.0f%%"
            + " of one core; heap for %,d records about %,d MB%n",
        written,
        fillSeconds,
        (shards.size() + 99) / 100,
        describeSeconds * 1000,
        read,
        readSeconds,
        loadWritten / loadSeconds,
        loadSeconds,
        cpuShare * 100,
        written + loadWritten,
        (heapAfter - heapBefore) / (1 << 20));
  }

  /** Records, bytes and calls, read page by page with no JSON parsing but the next iterator. */
  private static long[] drainRaw(
      URI endpoint, DynamoDbStreamsClient client, String streamArn, String shardId)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String iterator =
        SimulatorClients.iterator(client, streamArn, shardId, ShardIteratorType.TRIM_HORIZON);
    long records = 0;
    long bytes = 0;
    long calls = 0;
    while (records < BACKLOG) {
      byte[] body =
          http.send(
                  HttpRequest.newBuilder(endpoint)
                      .header("X-Amz-Target", "DynamoDBStreams_20120810.GetRecords")
                      .header("Content-Type", "application/x-amz-json-1.0")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"ShardIterator\":\"" + iterator + "\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray())
              .body();
      calls++;
      bytes += body.length;
      records += count(body, "{\"eventID\"".getBytes(StandardCharsets.US_ASCII));
      String text = new String(body, body.length - 600, 600, StandardCharsets.US_ASCII);
      int at = text.lastIndexOf("\"NextShardIterator\":\"");
      iterator = text.substring(at + 21, text.lastIndexOf('"'));
    }
    return new long[] {records, bytes, calls};
  }

  private static long drainSdk(DynamoDbStreamsClient client, String streamArn, String shardId) {
    String iterator =
        SimulatorClients.iterator(client, streamArn, shardId, ShardIteratorType.TRIM_HORIZON);
    long records = 0;
    while (records < BACKLOG) {
      String current = iterator;
      GetRecordsResponse page = client.getRecords(request -> request.shardIterator(current));
      records += page.records().size();
      iterator = page.nextShardIterator();
    }
    return records;
  }

  private static int count(byte[] body, byte[] pattern) {
    int found = 0;
    outer:
    for (int i = 0; i <= body.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (body[i + j] != pattern[j]) {
          continue outer;
        }
      }
      found++;
    }
    return found;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
