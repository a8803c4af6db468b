package io.github.ddbstreamworker.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DynamoDB Streams endpoint on the loopback interface that AWS SDKs, boto3 and the AWS CLI can
 * use unchanged, with streams created and written through this Java API.
 *
 * <p>It serves HTTP with the JDK's own {@code com.sun.net.httpserver}: no dependency, and a request
 * costs little next to the clients' own parsing. Requests run on a cached pool, so added latency
 * holds a thread per waiting request rather than queueing the others behind it.
 */
public final class StreamSimulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamSimulator.class);

  private final SimulatorOptions options;
  private final StreamDirectory directory = new StreamDirectory();
  private final Faults faults = new Faults();
  private final AnswerCounts answers = new AnswerCounts();
  private final HttpServer server;
  private final ExecutorService requests;
  private final ScheduledExecutorService housekeeping;

  private StreamSimulator(SimulatorOptions options) throws IOException {
    this.options = options;
    // The JDK server leaves Nagle's algorithm on unless told; with delayed ACKs on the client
    // that adds up to 40 ms to small answers. Read once, when the server class first loads.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 1024);
    this.requests = Executors.newCachedThreadPool(daemonThreads("simulator-request"));
    this.housekeeping =
        Executors.newSingleThreadScheduledExecutor(daemonThreads("simulator-housekeeping"));
    StreamsOperations operations =
        new StreamsOperations(
            directory, new ShardIterators(options.iteratorLifetime().toMillis(), options.clock()));
    server.createContext("/", new StreamsEndpoint(operations, faults, answers));
    server.setExecutor(requests);
  }

  /** Starts the endpoint; it serves until {@link #close()}. */
  public static StreamSimulator start(SimulatorOptions options) {
    try {
      StreamSimulator simulator = new StreamSimulator(options);
      simulator.server.start();
      long tick = simulator.housekeepingTick().toMillis();
      simulator.housekeeping.scheduleWithFixedDelay(
          simulator::keepHouse, tick, tick, TimeUnit.MILLISECONDS);
      log.info("DynamoDB Streams simulator listening on {}", simulator.endpoint());
      return simulator;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + options.port(), e);
    }
  }

  /** {@code http://127.0.0.1:<port>}: the endpoint override for clients. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public SimulatorOptions options() {
    return options;
  }

  /**
   * Enables a stream on a table: a new stream ARN with {@code spec.shards()} open shards.
   *
   * @throws IllegalStateException if the table's stream is already enabled
   */
  public SimulatedStream createStream(StreamSpec spec) {
    synchronized (directory) {
      directory
          .latest(spec.tableName())
          .filter(SimulatedStream::enabled)
          .ifPresent(
              enabled -> {
                throw new IllegalStateException(
                    "table "
                        + spec.tableName()
                        + " already has an enabled stream: "
                        + enabled.streamArn());
              });
      Instant now = options.clock().instant();
      SimulatedStream stream =
          new SimulatedStream(spec, directory.newLabel(spec.tableName(), now), now, options);
      directory.add(stream);
      log.info(
          "stream {} with {} shards, view type {}",
          stream.streamArn(),
          spec.shards(),
          spec.viewType());
      return stream;
    }
  }

  /**
   * Re-enables a table's stream after {@link SimulatedStream#disable()}, as AWS does: a new stream
   * with a new label and ARN, the same key schema and view type, and no shard linked to the old
   * stream's.
   */
  public SimulatedStream enableStream(String tableName) {
    SimulatedStream previous =
        directory
            .latest(tableName)
            .orElseThrow(() -> new IllegalArgumentException("no stream for table " + tableName));
    return createStream(previous.spec());
  }

  /** Every stream made so far, disabled ones included, oldest first. */
  public List<SimulatedStream> streams() {
    return List.copyOf(directory.all());
  }

  /** What the simulator has answered so far, by operation and outcome. */
  public AnswerCounts answers() {
    return answers;
  }

  public Faults faults() {
    return faults;
  }

  @Override
  public void close() {
    housekeeping.shutdownNow();
    server.stop(0);
    requests.shutdownNow();
    log.info("DynamoDB Streams simulator on port {} stopped", server.getAddress().getPort());
  }

  /** Rolls over shards that are due and trims what the retention has passed. */
  private void keepHouse() {
    try {
      long now = options.clock().millis();
      for (SimulatedStream stream : directory.all()) {
        if (options.rollsOver() && stream.enabled()) {
          List<String> children =
              stream.tree().rolloverOlderThan(options.rolloverPeriod().toMillis(), now);
          if (!children.isEmpty()) {
            log.debug("{}: {} shards rolled over", stream.streamArn(), children.size());
          }
        }
        stream.tree().expire(now);
      }
    } catch (RuntimeException e) {
      log.error("housekeeping failed", e);
    }
  }

  /** Often enough to roll over and trim within a twentieth of their periods, 10 ms to 1 s. */
  private Duration housekeepingTick() {
    Duration shortest = options.retention();
    if (options.rollsOver() && options.rolloverPeriod().compareTo(shortest) < 0) {
      shortest = options.rolloverPeriod();
    }
    long millis = Math.max(10, Math.min(1_000, shortest.toMillis() / 20));
    return Duration.ofMillis(millis);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
