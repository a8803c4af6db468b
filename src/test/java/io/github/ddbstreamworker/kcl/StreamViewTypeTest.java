package io.github.ddbstreamworker.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** What a line holds for each stream view type, and the start-up warning when items are missing. */
@ExtendWith(MotoDynamoDbExtension.class)
class StreamViewTypeTest {

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger workerLog = (Logger) LoggerFactory.getLogger(StreamWorker.class);

  @BeforeEach
  void captureWorkerLog() {
    logged.start();
    workerLog.addAppender(logged);
  }

  @AfterEach
  void releaseWorkerLog() {
    workerLog.detachAppender(logged);
  }

  @ParameterizedTest
  @EnumSource(
      value = StreamViewType.class,
      names = {"NEW_IMAGE", "NEW_AND_OLD_IMAGES"})
  void logsTheWholeItemWhenTheStreamCarriesTheNewImage(StreamViewType viewType) {
    String table = MotoDynamoDb.newTable("view-new", viewType);
    MotoDynamoDb.put(table, "a", "whole");

    try (RunningWorker worker = RunningWorker.start(table, "view-worker-" + viewType)) {
      JsonNode line = worker.sink().awaitItems(1, Duration.ofSeconds(60)).get(0);

      assertThat(line.get("item").get("value").asText()).isEqualTo("whole");
      assertThat(warnings()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = StreamViewType.class,
      names = {"KEYS_ONLY", "OLD_IMAGE"})
  void logsTheKeysAndWarnsOnceWhenTheStreamCarriesNoNewImage(StreamViewType viewType) {
    String table = MotoDynamoDb.newTable("view-keys", viewType);
    MotoDynamoDb.put(table, "a", "not shown");
    MotoDynamoDb.put(table, "b", "not shown");

    try (RunningWorker worker = RunningWorker.start(table, "view-worker-" + viewType)) {
      worker.sink().awaitItems(2, Duration.ofSeconds(60));

      assertThat(worker.sink().items())
          .allSatisfy(line -> assertThat(line.has("item")).isFalse())
          .extracting(line -> line.get("keys").get("id").asText())
          .containsExactly("a", "b");
      assertThat(warnings())
          .singleElement()
          .asString()
          .contains(viewType.toString())
          .contains(table);
    }
  }

  private java.util.List<String> warnings() {
    return logged.list.stream()
        .filter(event -> event.getLevel() == ch.qos.logback.classic.Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
