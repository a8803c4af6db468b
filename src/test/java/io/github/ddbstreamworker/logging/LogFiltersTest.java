package io.github.ddbstreamworker.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.ddbstreamworker.testsupport.CapturedLog;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The filters of the worker's logback.xml, as the tests run with it. */
class LogFiltersTest {

  @Test
  void dropsTheAuditsIncompleteHashRangeLineButNotTheAuditsOtherErrors() {
    Logger audit =
        LoggerFactory.getLogger("software.amazon.kinesis.coordinator.PeriodicShardSyncManager");
    try (CapturedLog log = CapturedLog.start()) {
      audit.error(
          "Incomplete hash range found for stream {} between {} and {}.", "s", "lease", "lease");
      audit.error("Caught exception while running periodic shard syncer.", new RuntimeException());

      assertThat(log.lines())
          .extracting(line -> line.cause().template())
          .containsExactly("Caught exception while running periodic shard syncer.");
    }
  }

  @Test
  void dropsALibraryWarningCausedByTheInterruptOfAStopButKeepsErrorsAndOtherFailures() {
    // A logger of its own: the repeat limit remembers causes across tests.
    Logger assigner =
        LoggerFactory.getLogger("software.amazon.kinesis.coordinator.assignment.InterruptTest");
    try (CapturedLog log = CapturedLog.start()) {
      RuntimeException interrupted =
          new RuntimeException("scan failed", new InterruptedException("stopping"));
      assigner.warn("Failed to load : {}, retrying", "view", interrupted);
      assigner.warn("Load failed: {}", "view", new RuntimeException("throttled"));
      assigner.error("Stopped on: {}", "view", interrupted);

      assertThat(log.lines())
          .extracting(line -> line.cause().template())
          .containsExactly("Load failed: {}", "Stopped on: {}");
    }
  }

  @Test
  void dropsTheErrorOfEachThrottledReadButKeepsTheThrottlingReport() {
    Logger prefetch =
        LoggerFactory.getLogger(
            "software.amazon.kinesis.retrieval.polling.PrefetchRecordsPublisher");
    Logger reporter =
        LoggerFactory.getLogger("software.amazon.kinesis.retrieval.ThrottlingReporter");
    // Other tests in this JVM may have reported a throttle within the minute.
    forgetRepeats();
    try (CapturedLog log = CapturedLog.start()) {
      prefetch.error(
          "{} : ProvisionedThroughputExceededException thrown while fetching records from Kinesis",
          "stream:shardId-00000001796173857500-9931f68f",
          new RuntimeException("throttled"));
      reporter.warn(
          "Shard 'shardId-00000001796173857500-9931f68f' has been throttled 1 consecutively");

      assertThat(log.lines())
          .extracting(line -> line.cause().logger())
          .containsExactly("software.amazon.kinesis.retrieval.ThrottlingReporter");
    }
  }

  @Test
  void upstreamLinesOfOneCauseComeOnceAMinuteWhateverTheShard() {
    // A logger of its own: the filter remembers causes across tests.
    Logger reporter = LoggerFactory.getLogger("software.amazon.kinesis.retrieval.OnceAMinuteTest");
    Logger adapter =
        LoggerFactory.getLogger("com.amazonaws.services.dynamodbv2.streamsadapter.LimitTest");
    try (CapturedLog log = CapturedLog.start()) {
      for (int i = 1; i <= 5; i++) {
        reporter.warn(
            "Shard 'shardId-0000000179617385750"
                + i
                + "-9931f68f' has been throttled "
                + i
                + " consecutively");
        adapter.error("Caught limit exceeded exception for {}", "shard-" + i);
      }

      assertThat(log.at(Level.WARN)).hasSize(1);
      assertThat(log.at(Level.ERROR)).hasSize(1);
    }
  }

  @Test
  void theWorkersOwnLinesAreNeverLimited() {
    Logger own = LoggerFactory.getLogger("io.github.ddbstreamworker.kcl.LimitTest");
    try (CapturedLog log = CapturedLog.start()) {
      for (int i = 0; i < 5; i++) {
        own.error("record {} could not be logged", i);
      }

      assertThat(log.at(Level.ERROR)).hasSize(5);
    }
  }

  @Test
  void aCauseIsLoggedAgainOnceThePeriodHasPassed() throws InterruptedException {
    LoggerContext context = new LoggerContext();
    RepeatLimitFilter filter = new RepeatLimitFilter();
    filter.addPrefix("upstream");
    filter.setPeriodSeconds(1);
    filter.setContext(context);
    filter.start();
    context.addTurboFilter(filter);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.setContext(context);
    lines.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(lines);
    ch.qos.logback.classic.Logger upstream = context.getLogger("upstream.Renewer");

    upstream.warn("renewal failed for {}", "a");
    upstream.warn("renewal failed for {}", "b");
    Thread.sleep(1_100);
    upstream.warn("renewal failed for {}", "c");

    assertThat(lines.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("renewal failed for a", "renewal failed for c");
  }

  private static void forgetRepeats() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getTurboFilterList().stream()
        .filter(RepeatLimitFilter.class::isInstance)
        .map(RepeatLimitFilter.class::cast)
        .forEach(RepeatLimitFilter::forgetCauses);
  }
}
