package io.github.ddbstreamworker.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.EventCounts.Outcome;
import io.github.ddbstreamworker.core.filter.InvalidFilterException;
import io.github.ddbstreamworker.testsupport.LambdaEvents;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Lambda handler on real-shaped DynamoDB stream events, read by the Lambda runtime's
 * serializer.
 */
class StreamHandlerTest {

  private final RecordingSink sink = new RecordingSink();
  private final EventCounts counts = new EventCounts();

  private StreamHandler handler(Map<String, String> environment) {
    return new StreamHandler(environment::get, sink, counts);
  }

  @Test
  void logsNewItemsWithExactValuesAndLeavesOutModifyAndRemove() {
    StreamsEventResponse response =
        handler(Map.of()).handleRequest(LambdaEvents.fixture("dynamodb-batch.json"), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(sink.items())
        .extracting(line -> line.get("keys").get("id").asText())
        .containsExactly("order-1", "order-2");
    JsonNode first = sink.items().get(0);
    assertThat(first.get("eventName").asText()).isEqualTo("INSERT");
    assertThat(first.get("table").asText()).isEqualTo("orders");
    assertThat(first.has("shardId")).isFalse();
    assertThat(first.get("sequenceNumber").asText()).isEqualTo("111000000000000000001");
    assertThat(first.get("approximateCreationDateTime").asText()).isEqualTo("2025-11-22T02:00:00Z");
    JsonNode item = first.get("item");
    assertThat(sink.lines().get(0))
        .contains("\"total\":12345678901234567890123456789012345678")
        .contains("\"huge\":1E+100");
    assertThat(item.get("ratio").decimalValue()).isEqualByComparingTo(new BigDecimal("-1E-36"));
    assertThat(item.get("note").asText())
        .isEqualTo("quote \" backslash \\ newline \n tab \t é 日本 😀");
    assertThat(item.get("photo").asText()).isEqualTo("AAEC/w==");
    assertThat(item.get("paid").asBoolean()).isTrue();
    assertThat(item.get("coupon").isNull()).isTrue();
    assertThat(item.get("address"))
        .isEqualTo(RecordingSink.parse("{\"city\":\"Dublin\",\"geo\":{\"lat\":53.35}}"));
    assertThat(item.get("lines").toString()).isEqualTo("[\"a\",2,{\"sku\":\"x\"}]");
    assertThat(item.get("tags").toString()).isEqualTo("[\"new\",\"priority\"]");
    assertThat(item.get("scores").toString()).isEqualTo("[1,2.5]");
    assertThat(item.get("blobs").toString()).isEqualTo("[\"aGk=\",\"AA==\"]");
    assertThat(counts.get("MODIFY", Outcome.FILTERED)).isEqualTo(1);
    assertThat(counts.get("REMOVE", Outcome.FILTERED)).isEqualTo(1);
  }

  @Test
  void reportsTheFirstFailingRecordAndNothingBeforeIt() {
    StreamsEventResponse response =
        handler(Map.of())
            .handleRequest(LambdaEvents.fixture("dynamodb-batch-with-bad-record.json"), null);

    assertThat(response.getBatchItemFailures())
        .singleElement()
        .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .isEqualTo("111000000000000000005");
    assertThat(sink.items())
        .extracting(line -> line.get("keys").get("id").asText())
        .containsExactly("order-2");
    assertThat(counts.get("INSERT", Outcome.FAILED)).isEqualTo(1);
  }

  @Test
  void filtersWithFilterCriteriaFromTheEnvironment() {
    String expiredByTtl =
        "{\"Filters\":[{\"Pattern\":\"{\\\"eventName\\\":[\\\"REMOVE\\\"],"
            + "\\\"userIdentity\\\":{\\\"principalId\\\":[\\\"dynamodb.amazonaws.com\\\"]}}\"}]}";

    handler(Map.of("FILTER_CRITERIA", expiredByTtl))
        .handleRequest(LambdaEvents.fixture("dynamodb-batch.json"), null);

    assertThat(sink.items())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.get("eventName").asText()).isEqualTo("REMOVE");
              assertThat(line.get("keys").get("id").asText()).isEqualTo("order-0");
              assertThat(line.has("item")).isFalse();
            });
  }

  /**
   * The record the constructor rehearses is one the default filter logs, so the rehearsal reaches
   * the line formatter for every attribute type, whatever FILTER_CRITERIA says; its line goes
   * nowhere.
   */
  @Test
  void rehearsalRecordIsLoggedByTheDefaultFilterWithEveryAttributeType() {
    StreamsEventResponse response =
        handler(Map.of()).handleRequest(StreamHandler.rehearsalEvent(), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    JsonNode line = sink.items().get(0);
    assertThat(sink.items()).hasSize(1);
    assertThat(line.get("eventName").asText()).isEqualTo("INSERT");
    assertThat(line.get("item").size()).isEqualTo(10);

    PrintStream stdout = System.out;
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    System.setOut(new PrintStream(written, true, StandardCharsets.UTF_8));
    try {
      StreamHandler.rehearse(Map.of("FILTER_CRITERIA", "{\"Filters\":[]}")::get);
    } finally {
      System.setOut(stdout);
    }
    assertThat(written.size()).isZero();
  }

  /**
   * With SnapStart, Lambda runs the constructor once when it publishes a version and resumes every
   * execution environment of that version from a snapshot of it. What the handler builds there is
   * shared by all of them, so it must hold nothing that has to differ between environments or
   * cannot survive a restore: no random generator or seed, no unique id, no captured time, no AWS
   * client, credentials or open connection (Lambda's "Handling uniqueness with Lambda SnapStart").
   */
  @Test
  void holdsNothingASnapshotWouldShareBetweenExecutionEnvironments() throws Exception {
    StreamHandler lambdaBuilt = new StreamHandler();

    List<String> found = new ArrayList<>();
    new SnapshotState(found).visit(lambdaBuilt, "handler");
    for (Field field : StreamHandler.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers())) {
        field.setAccessible(true);
        new SnapshotState(found).visit(field.get(null), "StreamHandler." + field.getName());
      }
    }

    assertThat(found).isEmpty();
  }

  /** Walks the project's objects reachable from a root and notes state a snapshot must not hold. */
  private static final class SnapshotState {
    private static final Set<String> PER_ENVIRONMENT =
        Set.of(
            "java.util.Random",
            "java.util.UUID",
            "java.time.Instant",
            "java.time.LocalDateTime",
            "java.util.Date",
            "java.net.Socket",
            "java.nio.channels.Channel",
            "java.net.http.HttpClient",
            "software.amazon.awssdk.core.SdkClient",
            "software.amazon.awssdk.http.SdkHttpClient",
            "software.amazon.awssdk.http.async.SdkAsyncHttpClient",
            "software.amazon.awssdk.identity.spi.IdentityProvider",
            "software.amazon.awssdk.auth.credentials.AwsCredentialsProvider",
            "software.amazon.awssdk.auth.credentials.AwsCredentials");

    private final List<String> found;
    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    SnapshotState(List<String> found) {
      this.found = found;
    }

    void visit(Object value, String path) throws IllegalAccessException {
      if (value == null || value.getClass().isPrimitive() || !seen.add(value)) {
        return;
      }
      String shared = perEnvironmentType(value.getClass());
      if (shared != null) {
        found.add(path + ": " + shared);
        return;
      }
      if (value instanceof Collection<?> values) {
        for (Object element : values) {
          visit(element, path + "[]");
        }
      } else if (value instanceof Map<?, ?> entries) {
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
          visit(entry.getKey(), path + "{key}");
          visit(entry.getValue(), path + "{" + entry.getKey() + "}");
        }
      } else if (value instanceof Object[] elements) {
        for (Object element : elements) {
          visit(element, path + "[]");
        }
      } else if (ours(value.getClass())) {
        for (Class<?> type = value.getClass(); ours(type); type = type.getSuperclass()) {
          for (Field field : type.getDeclaredFields()) {
            if (!field.getType().isPrimitive() && !field.isSynthetic()) {
              field.setAccessible(true);
              Object target = Modifier.isStatic(field.getModifiers()) ? null : value;
              visit(field.get(target), path + "." + field.getName());
            }
          }
        }
      }
    }

    /** The project's own classes, whose fields are read; others are judged by type alone. */
    private static boolean ours(Class<?> type) {
      return type != null && type.getName().startsWith("io.github.ddbstreamworker.");
    }

    private static String perEnvironmentType(Class<?> type) {
      for (Class<?> at = type; at != null; at = at.getSuperclass()) {
        if (PER_ENVIRONMENT.contains(at.getName())) {
          return at.getName();
        }
        for (Class<?> contract : allInterfaces(at)) {
          if (PER_ENVIRONMENT.contains(contract.getName())) {
            return contract.getName();
          }
        }
      }
      return null;
    }

    private static Set<Class<?>> allInterfaces(Class<?> type) {
      Set<Class<?>> all = new HashSet<>();
      for (Class<?> contract : type.getInterfaces()) {
        all.add(contract);
        all.addAll(allInterfaces(contract));
      }
      return all;
    }
  }

  /** The fixture's records were created at 02:00:00, :01, :02 and :03, INSERTs at :00 and :03. */
  @Test
  void passesOverRecordsCreatedBeforeInitialTimestampRoundedDownToTheSecond() {
    StreamsEventResponse response =
        handler(Map.of("INITIAL_TIMESTAMP", "2025-11-22T02:00:01.500Z"))
            .handleRequest(LambdaEvents.fixture("dynamodb-batch.json"), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(sink.items())
        .extracting(line -> line.get("keys").get("id").asText())
        .containsExactly("order-2");
    assertThat(counts.get("INSERT", Outcome.BEFORE_START)).isEqualTo(1);
    assertThat(counts.get("MODIFY", Outcome.FILTERED)).isEqualTo(1);
    assertThat(counts.get("REMOVE", Outcome.FILTERED)).isEqualTo(1);
  }

  @Test
  void refusesADurationAsInitialTimestampNamingTheSetting() {
    assertThatThrownBy(() -> handler(Map.of("INITIAL_TIMESTAMP", "PT1H")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("INITIAL_TIMESTAMP must be an instant");
  }

  @Test
  void refusesToStartWithBadFilterCriteria() {
    assertThatThrownBy(
            () ->
                handler(Map.of("FILTER_CRITERIA", "{\"Filters\":[{\"Pattern\":\"{\\\"a\\\":\"}]}")))
        .isInstanceOf(InvalidFilterException.class)
        .hasMessageContaining("filter 0");
  }
}
