package io.github.ddbstreamworker.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.simulator.AnswerCounts;
import io.github.ddbstreamworker.testsupport.CapturedLog;
import io.github.ddbstreamworker.testsupport.HealthyStreamRun;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A healthy stream logs nothing alarming: several shards and splits under steady load, past the KCL
 * leader's first lease audit (a fixed minute after start), which with adapter 2.0.1 reports an
 * "incomplete hash range" at ERROR on every run.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class QuietLogTest {

  /** The KCL runs its first lease audit a fixed 60 s after the scheduler starts. */
  private static final Duration PAST_THE_FIRST_AUDIT = Duration.ofSeconds(68);

  @Test
  void aHealthyStreamWithSplitsLogsNoErrorAndNoIncompleteHashRange() throws Exception {
    HealthyStreamRun.Shape shape =
        new HealthyStreamRun.Shape(4, 5, Duration.ZERO, Duration.ofSeconds(20));
    try (CapturedLog log = CapturedLog.start();
        HealthyStreamRun run =
            HealthyStreamRun.start(
                shape,
                MotoDynamoDb.uniqueName("quiet"),
                log,
                MotoDynamoDb::newClientsReadingStreamsAt)) {
      long listingsAtStart = wholeStreamListings(run);
      run.runFor(PAST_THE_FIRST_AUDIT, minute -> {});
      long listingsAfterTheAudit = wholeStreamListings(run);

      HealthyStreamRun.Report report = run.finish();

      // The audit ran: with the adapter's threshold of 0 each audit starts a shard sync.
      assertThat(listingsAfterTheAudit).isGreaterThan(listingsAtStart);
      assertThat(report.splits()).isPositive();
      assertThat(report.incompleteHashRangeLines()).isZero();
      assertThat(report.errors()).isEmpty();
      assertThat(report.lost()).isZero();
    }
  }

  private static long wholeStreamListings(HealthyStreamRun run) {
    AnswerCounts answers = run.simulator().answers();
    return answers.of("DescribeStream") - answers.of(AnswerCounts.CHILD_SHARDS_QUERY);
  }
}
