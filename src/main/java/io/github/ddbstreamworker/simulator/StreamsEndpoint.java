package io.github.ddbstreamworker.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the DynamoDB Streams JSON protocol (awsJson1_0): a POST whose {@code
 * X-Amz-Target} header names the operation, JSON in and out as {@code application/x-amz-json-1.0},
 * errors as {@code {"__type":"com.amazonaws.dynamodb.v20120810#<Name>","message":"..."}} with HTTP
 * 400, or 500 for InternalServerError. Signatures are not checked: any credentials work.
 */
final class StreamsEndpoint implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(StreamsEndpoint.class);
  private static final String TARGET_PREFIX = "DynamoDBStreams_20120810.";
  private static final String ERROR_NAMESPACE = "com.amazonaws.dynamodb.v20120810#";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StreamsOperations operations;
  private final Faults faults;
  private final AnswerCounts answers;

  StreamsEndpoint(StreamsOperations operations, Faults faults, AnswerCounts answers) {
    this.operations = operations;
    this.faults = faults;
    this.answers = answers;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] requestBody;
      try (InputStream in = exchange.getRequestBody()) {
        requestBody = in.readAllBytes();
      }
      long latency = faults.latencyNanos();
      if (latency > 0) {
        sleep(latency);
      }
      byte[] response;
      int status = 200;
      String operation = "unknown";
      String outcome = AnswerCounts.OK;
      boolean childShardsQuery = false;
      try {
        operation = operation(exchange);
        JsonNode request = parse(requestBody);
        childShardsQuery = "DescribeStream".equals(operation) && request.has("ShardFilter");
        faults.failNowIfDue(operation);
        response = operations.handle(operation, request);
      } catch (ApiError error) {
        status = error.status();
        outcome = error.type();
        response = errorBody(error.type(), error.getMessage());
      } catch (RuntimeException unexpected) {
        log.error("request failed", unexpected);
        status = 500;
        outcome = "InternalServerError";
        response = errorBody(outcome, "Internal server error");
      }
      answers.record(operation, outcome);
      if (childShardsQuery) {
        answers.record(AnswerCounts.CHILD_SHARDS_QUERY, outcome);
      }
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
      exchange.sendResponseHeaders(status, response.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response);
      }
    }
  }

  private static String operation(HttpExchange exchange) {
    if (!"POST".equals(exchange.getRequestMethod())) {
      throw ApiError.unknownOperation("Only POST is served, not " + exchange.getRequestMethod());
    }
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (target == null || !target.startsWith(TARGET_PREFIX)) {
      throw ApiError.unknownOperation(
          "X-Amz-Target must be " + TARGET_PREFIX + "<Operation>, not " + target);
    }
    return target.substring(TARGET_PREFIX.length());
  }

  private static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode request = JSON.readTree(body);
      if (request == null || !request.isObject()) {
        throw ApiError.serialization("The request body must be a JSON object");
      }
      return request;
    } catch (JsonProcessingException e) {
      throw ApiError.serialization("The request body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] errorBody(String type, String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("__type", ERROR_NAMESPACE + type).put("message", message);
    try {
      return JSON.writeValueAsBytes(error);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
