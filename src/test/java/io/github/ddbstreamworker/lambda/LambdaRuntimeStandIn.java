package io.github.ddbstreamworker.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Does what the Lambda Java runtime does on a cold start, in a fresh JVM: loads the handler class
 * by name, constructs it, reads one event with the runtime's serializer and invokes the handler. An
 * optional third argument invokes it that many times more, as a warm environment would, each time
 * deserializing the event again as the runtime does. Prints the first response and the timings as
 * one JSON line, with the classes the first {@code handleRequest} loaded (the event already read).
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
    long jvmStartToReadyMillis = System.currentTimeMillis() - jvmStart;
    // The runtime receives the event as bytes; reading the file is not part of an invocation.
    byte[] json = Files.readAllBytes(Path.of(args[1]));
    int warmInvocations = args.length > 2 ? Integer.parseInt(args[2]) : 0;

    long invokeStart = System.nanoTime();
    PojoSerializer<DynamodbEvent> serializer =
        LambdaEventSerializers.serializerFor(
            DynamodbEvent.class, LambdaRuntimeStandIn.class.getClassLoader());
    DynamodbEvent first = serializer.fromJson(new ByteArrayInputStream(json));
    long classesBefore = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
    StreamsEventResponse response = handler.handleRequest(first, null);
    long classesLoaded =
        ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() - classesBefore;
    long invokeNanos = System.nanoTime() - invokeStart;
    long jvmStartToResponseMillis = System.currentTimeMillis() - jvmStart;

    long[] warmNanos = new long[warmInvocations];
    for (int i = 0; i < warmInvocations; i++) {
      long started = System.nanoTime();
      if (!invoke(handler, serializer, json).getBatchItemFailures().isEmpty()) {
        throw new IllegalStateException("warm invocation " + i + " reported a failure");
      }
      warmNanos[i] = System.nanoTime() - started;
    }

    StringBuilder failures = new StringBuilder();
    for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
      failures
          .append(failures.length() == 0 ? "" : ",")
          .append('"')
          .append(failure.getItemIdentifier())
          .append('"');
    }
    System.out.printf(
        Locale.ROOT,
        "{\"type\":\"invocation\",\"batchItemFailures\":[%s],\"initMillis\":%d,"
            + "\"jvmStartToHandlerReadyMillis\":%d,\"firstInvokeMillis\":%d,"
            + "\"jvmStartToResponseMillis\":%d,\"firstHandleClassesLoaded\":%d%s}%n",
        failures,
        initNanos / 1_000_000,
        jvmStartToReadyMillis,
        invokeNanos / 1_000_000,
        jvmStartToResponseMillis,
        classesLoaded,
        warmInvocations == 0 ? "" : warmFields(warmNanos));
  }

  private static StreamsEventResponse invoke(
      RequestHandler<DynamodbEvent, StreamsEventResponse> handler,
      PojoSerializer<DynamodbEvent> serializer,
      byte[] json) {
    return handler.handleRequest(serializer.fromJson(new ByteArrayInputStream(json)), null);
  }

  private static String warmFields(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median =
        n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0; // nanoseconds
    return String.format(
        Locale.ROOT,
        ",\"warmInvocations\":%d,\"warmMedianMillis\":%.2f,\"warmMinMillis\":%.2f,"
            + "\"warmMaxMillis\":%.2f",
        n,
        median / 1e6,
        sorted[0] / 1e6,
        sorted[n - 1] / 1e6);
  }
}
