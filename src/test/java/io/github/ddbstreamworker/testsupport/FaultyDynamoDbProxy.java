package io.github.ddbstreamworker.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * A loopback HTTP proxy in front of a DynamoDB endpoint (moto_server) that answers a share of
 * requests itself, as DynamoDB does when it pushes back: {@code
 * ProvisionedThroughputExceededException} (HTTP 400) and {@code InternalServerError} (HTTP 500). It
 * can also hold back item writes to one table, as a slow network would. Everything else is passed
 * through unchanged.
 */
public final class FaultyDynamoDbProxy implements AutoCloseable {

  public static final String THROTTLED = "ProvisionedThroughputExceededException";
  public static final String SERVER_ERROR = "InternalServerError";

  /** Headers the JDK's HTTP client sets itself and refuses to be given. */
  private static final Set<String> OWN_HEADERS =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

  private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem");

  private final URI target;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient client = HttpClient.newBuilder().build();
  private final Map<String, LongAdder> answered = new ConcurrentHashMap<>();
  private volatile double throttledShare;
  private volatile double serverErrorShare;
  private final LongAdder delayed = new LongAdder();
  private volatile String delayedTable;
  private volatile Duration writeDelay = Duration.ZERO;

  private FaultyDynamoDbProxy(URI target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  public static FaultyDynamoDbProxy to(URI target) {
    try {
      return new FaultyDynamoDbProxy(target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** From now, this share of requests is answered with ProvisionedThroughputExceededException. */
  public FaultyDynamoDbProxy throttle(double share) {
    this.throttledShare = share;
    return this;
  }

  /** From now, this share of requests is answered with HTTP 500 InternalServerError. */
  public FaultyDynamoDbProxy failWithServerErrors(double share) {
    this.serverErrorShare = share;
    return this;
  }

  /** From now, item writes to this table reach it only after the delay, as from a slow network. */
  public FaultyDynamoDbProxy delayWritesTo(String table, Duration delay) {
    this.delayedTable = table;
    this.writeDelay = delay;
    return this;
  }

  /** Back to passing everything through. */
  public FaultyDynamoDbProxy clear() {
    throttledShare = 0;
    serverErrorShare = 0;
    delayedTable = null;
    writeDelay = Duration.ZERO;
    return this;
  }

  /** Requests answered by the proxy itself with {@link #THROTTLED} or {@link #SERVER_ERROR}. */
  public long answered(String error) {
    LongAdder count = answered.get(error);
    return count == null ? 0 : count.sum();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      double draw = ThreadLocalRandom.current().nextDouble();
      if (draw < throttledShare) {
        answer(
            exchange,
            400,
            THROTTLED,
            "The level of configured provisioned throughput for the"
                + " table was exceeded (injected fault)");
        return;
      }
      if (draw < throttledShare + serverErrorShare) {
        answer(exchange, 500, SERVER_ERROR, "Internal server error (injected fault)");
        return;
      }
      if (isDelayedWrite(exchange, body)) {
        delayed.increment();
        pause(writeDelay);
      }
      forward(exchange, body);
    }
  }

  /** Writes held back by {@link #delayWritesTo}, counted as their delay begins. */
  public long delayedWrites() {
    return delayed.sum();
  }

  private boolean isDelayedWrite(HttpExchange exchange, byte[] body) {
    String table = delayedTable;
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    return table != null
        && target != null
        && WRITES.contains(target.substring(target.indexOf('.') + 1))
        && new String(body, StandardCharsets.UTF_8).contains("\"TableName\":\"" + table + "\"");
  }

  private static void pause(Duration delay) throws IOException {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while delaying", e);
    }
  }

  private void answer(HttpExchange exchange, int status, String error, String message)
      throws IOException {
    answered.computeIfAbsent(error, unused -> new LongAdder()).increment();
    byte[] response =
        ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                + error
                + "\",\"message\":\""
                + message
                + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    exchange.sendResponseHeaders(status, response.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response);
    }
  }

  private void forward(HttpExchange exchange, byte[] body) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!OWN_HEADERS.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
              }
            });
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding", e);
    }
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!OWN_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
              }
            });
    byte[] responseBody = response.body();
    exchange.sendResponseHeaders(
        response.statusCode(), responseBody.length == 0 ? -1 : responseBody.length);
    if (responseBody.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(responseBody);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
