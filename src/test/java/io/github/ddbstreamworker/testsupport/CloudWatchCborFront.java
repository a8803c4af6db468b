package io.github.ddbstreamworker.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A loopback front that lets the AWS SDK's CloudWatch client publish to moto_server: the client
 * speaks the Smithy RPC v2 CBOR protocol, which moto_server 5.2 does not serve for CloudWatch, so
 * the front decodes each {@code PutMetricData} request and forwards it to moto_server in the query
 * protocol. Every other operation, and every error moto_server answers, reaches the client as an
 * HTTP error, never as a success.
 */
public final class CloudWatchCborFront implements AutoCloseable {

  private static final String OPERATION_PATH = "/service/GraniteServiceVersion20100801/operation/";
  private static final String FORWARDED_OPERATION = "PutMetricData";
  private static final String QUERY_API_VERSION = "2010-08-01";
  private static final String CBOR = "application/cbor";
  private static final int NOT_IMPLEMENTED = 501;
  private static final Pattern QUERY_ERROR_CODE = Pattern.compile("<Code>([^<]+)</Code>");
  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(30);

  private final CBORMapper cbor = new CBORMapper();
  private final HttpClient moto =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI motoEndpoint;
  private final HttpServer server;

  private CloudWatchCborFront(URI motoEndpoint) throws IOException {
    this.motoEndpoint = motoEndpoint.resolve("/");
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  /** Listens on a free loopback port and forwards to moto_server at {@code motoEndpoint}. */
  public static CloudWatchCborFront forwardingTo(URI motoEndpoint) {
    try {
      return new CloudWatchCborFront(motoEndpoint);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The endpoint to give the CloudWatch client. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] request = exchange.getRequestBody().readAllBytes();
      Reply reply;
      try {
        reply = replyTo(exchange, request);
      } catch (IOException | RuntimeException e) {
        reply = new Reply(502, error("FrontFailure", String.valueOf(e)));
      }
      byte[] body = cbor.writeValueAsBytes(reply.body());
      exchange.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
      exchange.getResponseHeaders().set("Content-Type", CBOR);
      exchange.sendResponseHeaders(reply.status(), body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private Reply replyTo(HttpExchange exchange, byte[] request) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!"POST".equals(exchange.getRequestMethod()) || !path.startsWith(OPERATION_PATH)) {
      return new Reply(404, error("UnknownOperation", "not a CloudWatch RPC v2 request: " + path));
    }
    String operation = path.substring(OPERATION_PATH.length());
    if (!FORWARDED_OPERATION.equals(operation)) {
      return new Reply(
          NOT_IMPLEMENTED,
          error(
              "UnsupportedOperation",
              "the CloudWatch front forwards " + FORWARDED_OPERATION + " only, not " + operation));
    }
    HttpResponse<String> forwarded =
        forward(exchange, operation, cbor.readTree(decoded(exchange, request)));
    return forwarded.statusCode() / 100 == 2
        ? new Reply(200, Map.of())
        : new Reply(forwarded.statusCode(), motoError(forwarded.body()));
  }

  /** What the client is answered: an HTTP status and a body to encode as CBOR. */
  private record Reply(int status, Map<String, ?> body) {}

  /** The SDK gzips PutMetricData bodies from 10 KB on. */
  private static byte[] decoded(HttpExchange exchange, byte[] request) throws IOException {
    if (!"gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      return request;
    }
    try (InputStream gunzipped = new GZIPInputStream(new ByteArrayInputStream(request))) {
      return gunzipped.readAllBytes();
    }
  }

  /**
   * moto_server picks the service from the signing scope in the Authorization header, so the
   * client's own header goes along; moto_server does not check the signature.
   */
  private HttpResponse<String> forward(HttpExchange exchange, String operation, JsonNode input)
      throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null) {
      throw new IllegalStateException("the request is not signed: moto_server cannot route it");
    }
    HttpRequest request =
        HttpRequest.newBuilder(motoEndpoint)
            .timeout(FORWARD_TIMEOUT)
            .header("Authorization", authorization)
            .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    QueryProtocolForm.of(operation, QUERY_API_VERSION, input)))
            .build();
    try {
      return moto.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding to moto_server", e);
    }
  }

  private static Map<String, String> motoError(String body) {
    Matcher code = QUERY_ERROR_CODE.matcher(body);
    return error(code.find() ? code.group(1) : "MotoServerError", body);
  }

  private static Map<String, String> error(String type, String message) {
    return Map.of("__type", type, "message", message);
  }
}
