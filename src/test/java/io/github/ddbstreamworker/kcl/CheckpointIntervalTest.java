package io.github.ddbstreamworker.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ddbstreamworker.core.EventCounts.Outcome;
import io.github.ddbstreamworker.kcl.upstream.LeaseRow;
import io.github.ddbstreamworker.kcl.upstream.LeaseRows;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import io.github.ddbstreamworker.testsupport.RunningWorker;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * CHECKPOINT_INTERVAL_MS trades checkpoint writes for what a crash repeats: the worker writes a
 * shard's checkpoint at most that often, and always on a graceful stop. CHECKPOINT_INTERVAL_RECORDS
 * bounds the repeats: a shard is also checkpointed once that many records were read since its last
 * checkpoint.
 */
@ExtendWith(MotoDynamoDbExtension.class)
class CheckpointIntervalTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void checkpointsAtMostOncePerIntervalAndAlwaysOnAGracefulStop() throws InterruptedException {
    String table = MotoDynamoDb.newTable("interval", StreamViewType.NEW_AND_OLD_IMAGES);
    write(table, "first", 5);
    List<JsonNode> lines;
    try (RunningWorker worker =
        RunningWorker.start(table, "interval-worker", Map.of("CHECKPOINT_INTERVAL_MS", "60000"))) {
      String fifth = worker.sink().awaitItems(5, TIMEOUT).get(4).get("sequenceNumber").asText();
      Awaitility.await().atMost(TIMEOUT).until(() -> fifth.equals(checkpoint(table)));

      write(table, "second", 5);
      lines = worker.sink().awaitItems(10, TIMEOUT);
      Thread.sleep(3_000);

      assertThat(checkpoint(table))
          .as("within the interval: not checkpointed again")
          .isEqualTo(fifth);
    }

    assertThat(checkpoint(table))
        .as("a graceful stop checkpoints what was logged")
        .isEqualTo(lines.get(9).get("sequenceNumber").asText());
  }

  @Test
  void alsoCheckpointsOnceTheRecordBoundIsReachedCountingFilteredOutRecords()
      throws InterruptedException {
    String table = MotoDynamoDb.newTable("interval-records", StreamViewType.NEW_AND_OLD_IMAGES);
    write(table, "first", 5);
    Map<String, String> settings =
        Map.of("CHECKPOINT_INTERVAL_MS", "300000", "CHECKPOINT_INTERVAL_RECORDS", "10");
    try (RunningWorker worker = RunningWorker.start(table, "interval-records-worker", settings)) {
      String fifth = worker.sink().awaitItems(5, TIMEOUT).get(4).get("sequenceNumber").asText();
      Awaitility.await().atMost(TIMEOUT).until(() -> fifth.equals(checkpoint(table)));

      write(table, "second", 9);
      String fourteenth =
          worker.sink().awaitItems(14, TIMEOUT).get(13).get("sequenceNumber").asText();
      Thread.sleep(3_000);

      assertThat(checkpoint(table))
          .as("9 records since the checkpoint, below the bound of 10: not checkpointed again")
          .isEqualTo(fifth);

      // A MODIFY, which the default filter drops: the tenth record since the checkpoint.
      MotoDynamoDb.put(table, "first-0", "changed");
      Awaitility.await()
          .atMost(TIMEOUT)
          .until(() -> new BigInteger(checkpoint(table)).compareTo(new BigInteger(fourteenth)) > 0);
      assertThat(worker.counts().get("MODIFY", Outcome.FILTERED)).isEqualTo(1);
      assertThat(worker.sink().items()).hasSize(14);
    }
  }

  private static void write(String table, String value, int count) {
    for (int i = 0; i < count; i++) {
      MotoDynamoDb.put(table, value + "-" + i, value);
    }
  }

  /** The one shard's checkpoint in the lease table. */
  static String checkpoint(String table) {
    List<LeaseRow> leases =
        LeaseRows.scan(MotoDynamoDb.clients().dynamoDb(), "ddb-stream-worker-" + table);
    assertThat(leases).hasSize(1);
    return leases.get(0).checkpoint();
  }
}
