package io.github.ddbstreamworker.testsupport;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads DynamoDB stream events as the Lambda Java runtime does, with its own serializer. */
public final class LambdaEvents {

  private static final PojoSerializer<DynamodbEvent> SERIALIZER =
      LambdaEventSerializers.serializerFor(
          DynamodbEvent.class, LambdaEvents.class.getClassLoader());

  private LambdaEvents() {}

  /** An event from a fixture under {@code src/test/resources/events}. */
  public static DynamodbEvent fixture(String name) {
    try (InputStream json = LambdaEvents.class.getResourceAsStream("/events/" + name)) {
      if (json == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return SERIALIZER.fromJson(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static DynamodbEvent fromJson(String json) {
    return SERIALIZER.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }
}
