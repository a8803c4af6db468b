package io.github.ddbstreamworker.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The worker's HTTP endpoint: {@code /metrics} in Prometheus text format, {@code /health} for
 * liveness and {@code /ready} for readiness; 200 when the check holds, 503 with the reason if not.
 */
public final class OperationsEndpoint implements AutoCloseable {

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;

  private OperationsEndpoint(HttpServer server) {
    this.server = server;
  }

  public static OperationsEndpoint start(
      int port, Supplier<String> metrics, Supplier<Check> health, Supplier<Check> ready) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve HTTP_PORT " + port + ": " + e.getMessage(), e);
    }
    server.createContext(
        "/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, metrics.get()));
    server.createContext("/health", exchange -> respond(exchange, health.get()));
    server.createContext("/ready", exchange -> respond(exchange, ready.get()));
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "operations-endpoint");
              thread.setDaemon(true);
              return thread;
            }));
    server.start();
    return new OperationsEndpoint(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The JSON body of {@code /health} and {@code /ready}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  private record CheckBody(String status, String reason) {
    static CheckBody of(Check check) {
      return check.ok() ? new CheckBody("UP", null) : new CheckBody("DOWN", check.reason());
    }
  }

  private static void respond(HttpExchange exchange, Check check) throws IOException {
    String body = JSON.writeValueAsString(CheckBody.of(check));
    respond(exchange, check.ok() ? 200 : 503, "application/json", body);
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
