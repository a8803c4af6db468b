package io.github.ddbstreamworker.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.ddbstreamworker.testsupport.CapturedLog;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A worker that starts on a new table (so it becomes the KCL leader and makes the first lease
 * assignment), reads an item and stops gracefully logs only what a healthy worker says: no WARN, no
 * ERROR, no stack trace. Lines are taken as logback.xml lets them through.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class QuietStartStopTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  /** KCL threads wind down for a moment after a graceful stop returns. */
  private static final Duration AFTER_STOP = Duration.ofSeconds(3);

  @Test
  void aNormalStartAndStopLogNoWarningNoErrorAndNoStackTrace() throws Exception {
    String table = MotoDynamoDb.newTable("quiet-start", StreamViewType.NEW_AND_OLD_IMAGES);
    List<ILoggingEvent> withThrowable = new CopyOnWriteArrayList<>();
    try (CapturedLog log =
        CapturedLog.start(
            event -> {
              if (event.getThrowableProxy() != null) {
                withThrowable.add(event);
              }
            })) {
      try (RunningWorker worker = RunningWorker.start(table, "quiet-worker")) {
        MotoDynamoDb.put(table, "a", "seen");
        assertThat(worker.sink().awaitItems(1, TIMEOUT).get(0).get("item").get("value").asText())
            .isEqualTo("seen");
      }
      Thread.sleep(AFTER_STOP.toMillis());

      assertThat(log.containing("worker started")).isNotEmpty();
      assertThat(log.containing("released 1 lease(s)")).isNotEmpty();
      assertThat(log.countsAt(Level.WARN)).isEmpty();
      assertThat(log.countsAt(Level.ERROR)).isEmpty();
      assertThat(withThrowable)
          .extracting(event -> event.getLoggerName() + ": " + event.getFormattedMessage())
          .isEmpty();
    }
  }
}
