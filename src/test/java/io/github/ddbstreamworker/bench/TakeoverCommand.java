package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.AwsConnection;
import io.github.ddbstreamworker.kcl.upstream.LeaderLock;
import io.github.ddbstreamworker.local.DemoTable;
import io.github.ddbstreamworker.testsupport.MotoServer;
import io.github.ddbstreamworker.testsupport.SteadyWriter;
import io.github.ddbstreamworker.testsupport.WorkerFleet;
import io.github.ddbstreamworker.testsupport.WorkerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * How long a shard waits for another worker when the worker holding it stops: two worker processes
 * on a moto_server child process under steady writes; each trial stops the worker that logged last
 * (SIGKILL, then SIGTERM trials; after the first kill the survivor holds both the shard and the
 * leader lock) and starts a replacement. A trial lasts from the stop to the first line of an item
 * written after it. Run by the Maven profile {@code takeover} (docs/reliability.md, "Failover:
 * where the time went").
 */
@Command(
    name = "takeover",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {"Time takeovers after SIGKILL and SIGTERM (moto_server must be on the PATH)."})
public final class TakeoverCommand implements Callable<Integer> {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Option(
      names = "--kills",
      defaultValue = "10",
      description =
          "SIGKILLs of a worker holding both the shard and the leader lock; a kill of a holder"
              + " that is not the leader is reported apart and not counted")
  int kills;

  @Option(names = "--stops", defaultValue = "3", description = "SIGTERM trials, after the kills")
  int stops;

  @Option(
      names = "--write-interval-ms",
      defaultValue = "50",
      description = "pause between inserts (default ${DEFAULT-VALUE})")
  long writeIntervalMillis;

  @Option(
      names = "--logs",
      defaultValue = "target/takeover",
      description = "each worker's output is kept here (default ${DEFAULT-VALUE})")
  Path logs;

  @Option(
      names = "--worker-logback",
      description = "a logback configuration for the workers, to see the KCL's own lines")
  Path workerLogback;

  private final Map<WorkerProcess, String> ids = new HashMap<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new TakeoverCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(logs);
    String table = "takeover-" + System.nanoTime() % 100_000;
    String application = "ddb-stream-worker-" + table;
    List<Long> killMillis = new ArrayList<>();
    List<Long> stopMillis = new ArrayList<>();
    try (MotoServer moto = MotoServer.start();
        AwsClients clients = new AwsClients(AwsConnection.local(moto.endpoint()))) {
      DemoTable.createIfMissing(clients.dynamoDb(), table, StreamViewType.NEW_AND_OLD_IMAGES);
      Map<String, String> settings =
          workerLogback == null
              ? Map.of()
              : Map.of(
                  "JAVA_TOOL_OPTIONS",
                  "-Dlogback.configurationFile=" + workerLogback.toAbsolutePath());
      try (WorkerFleet fleet = new WorkerFleet(table, moto.endpoint(), settings);
          SteadyWriter writer =
              SteadyWriter.start(
                  clients.dynamoDb(), table, "item", Duration.ofMillis(writeIntervalMillis))) {
        start(fleet);
        start(fleet);
        Awaitility.await().atMost(TIMEOUT).until(() -> fleet.loggedIds().size() >= 20);
        List<Long> otherKillMillis = new ArrayList<>();
        for (int trial = 0; killMillis.size() + stopMillis.size() < kills + stops; trial++) {
          boolean kill = killMillis.size() < kills;
          settle(fleet);
          WorkerProcess holder = fleet.latestLogger();
          String leader = LeaderLock.owner(clients.dynamoDb(), application).orElse("none");
          boolean holderLeads = leader.equals(ids.get(holder));
          int writtenAtStop = writer.written();
          long stopped = System.nanoTime();
          AtomicLong exitMillis = new AtomicLong(-1);
          if (kill) {
            fleet.kill(holder);
          } else {
            holder.terminate();
            Thread exitWatch =
                new Thread(
                    () -> {
                      try {
                        holder.awaitExit(TIMEOUT);
                        exitMillis.set(Duration.ofNanos(System.nanoTime() - stopped).toMillis());
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    });
            exitWatch.setDaemon(true);
            exitWatch.start();
          }
          Awaitility.await()
              .atMost(TIMEOUT)
              .pollInterval(Duration.ofMillis(20))
              .until(() -> fleet.loggedIds().contains("item-" + (writtenAtStop + 1)));
          long takeover = Duration.ofNanos(System.nanoTime() - stopped).toMillis();
          if (!kill) {
            holder.awaitExit(TIMEOUT);
            Awaitility.await().atMost(TIMEOUT).until(() -> exitMillis.get() >= 0);
            fleet.kill(holder);
          }
          (kill ? holderLeads ? killMillis : otherKillMillis : stopMillis).add(takeover);
          System.out.printf(
              "{\"trial\":%d,\"stop\":\"%s\",\"holder\":\"%s\",\"leader\":\"%s\","
                  + "\"takeoverMillis\":%d%s}%n",
              trial + 1,
              kill ? "SIGKILL" : "SIGTERM",
              ids.get(holder),
              leader,
              takeover,
              kill ? "" : ",\"exitMillis\":" + exitMillis.get());
          start(fleet);
        }
        int written = writer.stop();
        Awaitility.await().atMost(TIMEOUT).until(() -> fleet.loggedIds().size() >= written);
        System.out.printf(
            "{\"inserts\":%d,\"lost\":%d,\"duplicates\":%d}%n",
            written,
            written - fleet.loggedIds().size(),
            fleet.itemLines() - fleet.loggedIds().size());
        summary("SIGKILL of the holder and leader", killMillis);
        summary("SIGKILL of the holder, not the leader", otherKillMillis);
        summary("SIGTERM", stopMillis);
        for (Map.Entry<WorkerProcess, String> worker : ids.entrySet()) {
          Files.writeString(logs.resolve(worker.getValue() + ".log"), worker.getKey().output());
        }
      }
    }
    return 0;
  }

  private void start(WorkerFleet fleet) {
    ids.put(fleet.startWorker(), "worker-" + (ids.size() + 1));
  }

  /** Every live worker has started and reported for a few seconds, and items flow. */
  private static void settle(WorkerFleet fleet) throws InterruptedException {
    for (WorkerProcess worker : fleet.alive()) {
      worker.awaitLine(line -> line.contains("worker started"), TIMEOUT);
    }
    Thread.sleep(5_000);
    int logged = fleet.loggedIds().size();
    Awaitility.await().atMost(TIMEOUT).until(() -> fleet.loggedIds().size() > logged);
  }

  private static void summary(String stop, List<Long> millis) {
    if (millis.isEmpty()) {
      return;
    }
    List<Long> sorted = millis.stream().sorted().toList();
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    System.out.printf(
        "{\"stop\":\"%s\",\"trials\":%d,\"medianMillis\":%.0f,\"worstMillis\":%d,\"all\":%s}%n",
        stop, n, median, sorted.get(n - 1), millis);
  }
}
