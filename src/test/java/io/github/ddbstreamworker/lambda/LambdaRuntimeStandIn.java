package io.github.ddbstreamworker.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Does what the Lambda Java runtime does on a cold start, in a fresh JVM: loads the handler class
 * by name, constructs it, reads one event with the runtime's serializer and invokes the handler.
 * Prints the response and the timings as one JSON line.
 */
public final class LambdaRuntimeStandIn {

  private LambdaRuntimeStandIn() {}

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    long initStart = System.nanoTime();
    RequestHandler<DynamodbEvent, StreamsEventResponse> handler =
        (RequestHandler<DynamodbEvent, StreamsEventResponse>)
            Class.forName(args[0]).getDeclaredConstructor().newInstance();
    long initNanos = System.nanoTime() - initStart;
    long invokeStart = System.nanoTime();
    DynamodbEvent event;
    try (InputStream json = Files.newInputStream(Path.of(args[1]))) {
      event =
          LambdaEventSerializers.serializerFor(
                  DynamodbEvent.class, LambdaRuntimeStandIn.class.getClassLoader())
              .fromJson(json);
    }
    StreamsEventResponse response = handler.handleRequest(event, null);
    long invokeNanos = System.nanoTime() - invokeStart;
    StringBuilder failures = new StringBuilder();
    for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
      failures
          .append(failures.length() == 0 ? "" : ",")
          .append('"')
          .append(failure.getItemIdentifier())
          .append('"');
    }
    System.out.printf(
        "{\"type\":\"invocation\",\"batchItemFailures\":[%s],\"initMillis\":%d,"
            + "\"firstInvokeMillis\":%d,\"jvmStartToResponseMillis\":%d}%n",
        failures,
        initNanos / 1_000_000,
        invokeNanos / 1_000_000,
        System.currentTimeMillis() - jvmStart);
  }
}
