package io.github.ddbstreamworker.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.core.ItemSink;
import io.github.ddbstreamworker.ops.Check;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.simulator.SimulatorOptions;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.github.ddbstreamworker.simulator.StreamSpec;
import io.github.ddbstreamworker.simulator.WrittenRecord;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.MovableClock;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * {@code /health}'s stuck-shard limit follows POLL_INTERVAL_MS: with a 30 s poll interval an idle
 * shard is read about once a minute, which must not look stuck, while a shard whose processing
 * hangs still fails the check. On the stream simulator, one shard idle and one hung; the worker's
 * clock is moved instead of waiting minutes.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class ShardSilenceHealthTest {

  private static final Duration POLL_INTERVAL = Duration.ofSeconds(30);

  private StreamSimulator simulator;

  @BeforeEach
  void startSimulator() {
    simulator = StreamSimulator.start(SimulatorOptions.defaults().withGetRecordsLimitPerShard(0));
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  @Test
  void limitFollowsThePollIntervalAndKeepsAMinuteAtLeast() {
    assertThat(ShardSilenceLimit.forPollInterval(Duration.ofMillis(125)))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(ShardSilenceLimit.forPollInterval(Duration.ofSeconds(10)))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(ShardSilenceLimit.forPollInterval(POLL_INTERVAL))
        .isEqualTo(Duration.ofSeconds(120))
        .isGreaterThan(POLL_INTERVAL.multipliedBy(2).plus(ShardSilenceLimit.READ_TIMEOUT));
    assertThat(ShardSilenceLimit.forPollInterval(Duration.ofMillis(300_000)))
        .isEqualTo(Duration.ofSeconds(930));
  }

  @Test
  void aLongPollIntervalKeepsAnIdleShardHealthyAndAHungShardStillFails() throws Exception {
    SimulatedStream stream =
        simulator.createStream(
            StreamSpec.of(
                    MotoDynamoDb.uniqueName("silence"), "id", StreamViewType.NEW_AND_OLD_IMAGES)
                .withShards(2));
    String idleShard = insert(stream, "k0", "read, then the shard is idle").shardId();
    String hungKey = null;
    String hungShard = null;
    int written = 1;
    for (int i = 1; hungShard == null; i++) {
      WrittenRecord record = insert(stream, "k" + i, "read before the hang");
      written++;
      if (!record.shardId().equals(idleShard)) {
        hungKey = "k" + i;
        hungShard = record.shardId();
      }
    }
    insert(stream, hungKey, "hang");
    HangingSink hanging = new HangingSink("\"hang\"");
    MovableClock clock = new MovableClock();

    try (RunningWorker worker =
        RunningWorker.onSimulatedStream(
            simulator,
            stream.streamArn(),
            "silence-worker",
            Map.of("POLL_INTERVAL_MS", Long.toString(POLL_INTERVAL.toMillis())),
            clock,
            sink -> hanging.over(sink))) {
      try {
        // A shard whose first read comes back empty is read again two poll intervals later.
        Duration reads = POLL_INTERVAL.multipliedBy(3);
        worker.sink().awaitItems(written, reads);
        assertThat(hanging.entered.await(reads.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(worker.worker().health()).isEqualTo(Check.passing());

        // Idle at this poll interval, a shard goes this long between reads; a fixed minute failed.
        clock.advance(POLL_INTERVAL.multipliedBy(2).plusSeconds(1));
        assertThat(worker.worker().health()).isEqualTo(Check.passing());

        clock.advance(Duration.ofSeconds(60));
        Check hung = worker.worker().health();
        assertThat(hung.ok()).isFalse();
        assertThat(hung.reason()).startsWith("no read for over 120 s on [").contains(hungShard);
      } finally {
        hanging.release.countDown();
      }
    }
  }

  private static WrittenRecord insert(SimulatedStream stream, String id, String value) {
    return stream.insert(
        Map.of("id", AttributeValue.fromS(id), "value", AttributeValue.fromS(value)));
  }

  /** Hands lines on to the recording sink, except that the one it waits for never comes back. */
  private static final class HangingSink {

    private final String marker;
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    HangingSink(String marker) {
      this.marker = marker;
    }

    ItemSink over(ItemSink next) {
      return new ItemSink() {
        @Override
        public void accept(String line) {
          if (line.contains(marker)) {
            entered.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          next.accept(line);
        }

        @Override
        public void flush() {
          next.flush();
        }
      };
    }
  }
}
