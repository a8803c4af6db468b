package io.github.ddbstreamworker.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The two shapes of a log line on stderr. */
class ConsoleEncoderTest {

  private static final long AT = 1_764_648_000_123L; // 2025-12-02T04:00:00.123Z

  private final LoggerContext context = new LoggerContext();
  private final ConsoleEncoder encoder = new ConsoleEncoder();

  ConsoleEncoderTest() {
    context.setMDCAdapter(new LogbackMDCAdapter());
    encoder.setContext(context);
    encoder.start();
  }

  @Test
  void jsonPutsTheShardAndKeyValuesAtTheTopLevelAndLeavesNoEmptyField() throws Exception {
    LoggingEvent event = event(Level.INFO, "checkpointed {} records", 12);
    event.setMDCPropertyMap(Map.of("shardId", "shardId-1"));
    event.addKeyValuePair(new KeyValuePair("attempts", 3));
    event.addKeyValuePair(new KeyValuePair("fromStart", true));
    event.addKeyValuePair(new KeyValuePair("queue", null));

    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

    assertThat(line).endsWith("}\n").hasLineCount(1);
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(fieldNames(json))
        .containsExactly(
            "timestamp",
            "level",
            "logger",
            "thread",
            "message",
            "shardId",
            "attempts",
            "fromStart");
    assertThat(json.get("timestamp").asText()).isEqualTo("2025-12-02T04:00:00.123Z");
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("logger").asText()).isEqualTo("io.github.ddbstreamworker.kcl.Test");
    assertThat(json.get("message").asText()).isEqualTo("checkpointed 12 records");
    assertThat(json.get("shardId").asText()).isEqualTo("shardId-1");
    assertThat(json.get("attempts").isNumber()).isTrue();
    assertThat(json.get("fromStart").isBoolean()).isTrue();
  }

  @Test
  void jsonGivesTheStackTraceAsOneStringField() throws Exception {
    LoggingEvent event = event(Level.ERROR, "cannot start");
    event.setThrowableProxy(new ThrowableProxy(new IllegalStateException("no table")));

    JsonNode json = new ObjectMapper().readTree(encoder.encode(event));

    assertThat(json.get("stackTrace").isTextual()).isTrue();
    assertThat(json.get("stackTrace").asText())
        .startsWith("java.lang.IllegalStateException: no table")
        .contains("\tat io.github.ddbstreamworker.logging.ConsoleEncoderTest")
        .doesNotEndWith("\n");
  }

  @Test
  void anMdcEntryOrPairNamedLikeAFieldIsKeptUnderItsOwnName() throws Exception {
    LoggingEvent event = event(Level.WARN, "retrying");
    event.setMDCPropertyMap(Map.of("level", "from the MDC"));
    event.addKeyValuePair(new KeyValuePair("message", "from the pair"));

    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    JsonNode json = new ObjectMapper().readTree(line);

    assertThat(json.get("level").asText()).isEqualTo("WARN");
    assertThat(json.get("mdc.level").asText()).isEqualTo("from the MDC");
    assertThat(json.get("message").asText()).isEqualTo("retrying");
    assertThat(json.get("kv.message").asText()).isEqualTo("from the pair");
    assertThat(line.split("\"message\":", -1)).as("one message field").hasSize(2);
  }

  @Test
  void textIsOneLineOfTimeLevelShardMessageAndKeyValues() {
    encoder.use(LogFormat.TEXT);
    LoggingEvent event = event(Level.WARN, "record sent to the failure destination");
    event.setMDCPropertyMap(Map.of("shardId", "shardId-1"));
    event.addKeyValuePair(new KeyValuePair("reason", "line too large"));
    event.addKeyValuePair(new KeyValuePair("attempts", 4));

    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

    assertThat(line)
        .matches(
            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[shardId-1\\] record sent to the failure"
                + " destination reason=\"line too large\" attempts=4\\R");
  }

  @Test
  void textShowsAShardGivenAsAKeyValueInBracketsAndNoBracketsWithoutOne() {
    encoder.use(LogFormat.TEXT);
    LoggingEvent withPair = event(Level.ERROR, "records trimmed");
    withPair.addKeyValuePair(new KeyValuePair("shardId", "shardId-2"));

    assertThat(new String(encoder.encode(withPair), StandardCharsets.UTF_8))
        .contains(" ERROR [shardId-2] records trimmed")
        .doesNotContain("shardId=");
    assertThat(
            new String(encoder.encode(event(Level.INFO, "worker started")), StandardCharsets.UTF_8))
        .contains(" INFO  worker started");
  }

  @Test
  void logbackXmlNamesAFormatTheEncoderKnows() {
    encoder.setFormat("Text");
    assertThat(encoder.format()).isEqualTo(LogFormat.TEXT);
    encoder.setFormat("yaml");
    assertThat(encoder.format()).isEqualTo(LogFormat.TEXT);
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .anySatisfy(status -> assertThat(status.getMessage()).contains("not 'yaml'"));
  }

  private LoggingEvent event(Level level, String template, Object... arguments) {
    LoggingEvent event =
        new LoggingEvent(
            ConsoleEncoderTest.class.getName(),
            context.getLogger("io.github.ddbstreamworker.kcl.Test"),
            level,
            template,
            null,
            arguments);
    event.setTimeStamp(AT);
    event.setThreadName("main");
    return event;
  }

  private static List<String> fieldNames(JsonNode json) {
    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
