package io.github.ddbstreamworker.core.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.ItemSink;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.core.RecordSource;
import io.github.ddbstreamworker.core.Redaction;
import io.github.ddbstreamworker.core.Stage;
import io.github.ddbstreamworker.core.filter.FilterCriteria;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import io.github.ddbstreamworker.testsupport.StreamRecords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;

class BatchProcessorTest {

  private static final RecordSource SHARD =
      new RecordSource(
          "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/label",
          "orders",
          "shardId-1");
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final BooleanSupplier NEVER_STOP = () -> false;

  private final PoisonSink sink = new PoisonSink();
  private final EventCounts counts = new EventCounts();
  private final RecordingDestination destination = new RecordingDestination();
  private final RecordingListener listener = new RecordingListener();

  /** Writes lines to a RecordingSink, but throws for a poisoned item while it has failures left. */
  private static final class PoisonSink implements ItemSink {
    final RecordingSink lines = new RecordingSink();
    final AtomicInteger poisonAttempts = new AtomicInteger();
    int poisonFailures = Integer.MAX_VALUE;
    int flushes;

    @Override
    public void accept(String line) {
      if (line.contains("\"poison\"") && poisonAttempts.incrementAndGet() <= poisonFailures) {
        throw new IllegalStateException("disk full");
      }
      lines.accept(line);
    }

    @Override
    public void flush() {
      flushes++;
    }

    List<String> ids() {
      return lines.items().stream().map(item -> item.get("keys").get("id").asText()).toList();
    }
  }

  /** Keeps what it is sent; can be told to refuse the next calls. */
  private static final class RecordingDestination implements FailureDestination {
    final List<RecordFailure> stored = new ArrayList<>();
    int calls;
    int refusalsLeft;

    @Override
    public void send(RecordFailure failure) {
      calls++;
      if (refusalsLeft > 0) {
        refusalsLeft--;
        throw new FailureDestinationException("queue unreachable", null);
      }
      stored.add(failure);
    }

    @Override
    public String name() {
      return "test";
    }
  }

  private static final class RecordingListener implements FailureListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void recordFailed(RecordFailure.Reason reason, String destination) {
      events.add("recordFailed " + reason + " " + destination);
    }

    @Override
    public void destinationFailed(String destination) {
      events.add("destinationFailed " + destination);
    }

    @Override
    public void waiting(RecordFailure failure, String destinationError) {
      events.add("waiting " + failure.source().shardId() + " at " + failure.sequenceNumber());
    }

    @Override
    public void resumed(String shardId) {
      events.add("resumed " + shardId);
    }
  }

  private static Record item(String sequenceNumber) {
    return StreamRecords.insert(
        sequenceNumber, NOW.minusSeconds(5), Map.of("id", AttributeValue.fromS(sequenceNumber)));
  }

  private static Record poison(String sequenceNumber) {
    return StreamRecords.insert(
        sequenceNumber,
        NOW.minusSeconds(5),
        Map.of(
            "id", AttributeValue.fromS(sequenceNumber), "poison", AttributeValue.fromBool(true)));
  }

  private static Record createdAt(Record record, Instant created) {
    return record.toBuilder()
        .dynamodb(record.dynamodb().toBuilder().approximateCreationDateTime(created).build())
        .build();
  }

  private static FailurePolicy retries(int retries) {
    return new FailurePolicy(retries, Optional.empty(), Duration.ofMillis(1), Duration.ofMillis(5));
  }

  private BatchProcessor processor(FailurePolicy policy) {
    return processor(policy, Redaction.none());
  }

  private BatchProcessor processor(FailurePolicy policy, Redaction redaction) {
    RecordPipeline pipeline =
        new RecordPipeline(FilterCriteria.defaultFilter(), redaction, sink, counts);
    return new BatchProcessor(pipeline, policy, destination, listener, CLOCK);
  }

  @Test
  void processesAGoodBatchToItsLastRecord() {
    BatchProcessor.Result result =
        processor(retries(3))
            .process(List.of(item("100"), item("200"), item("300")), SHARD, NEVER_STOP);

    assertThat(result.done()).isEqualTo(3);
    assertThat(result.lastDoneSequenceNumber()).contains("300");
    assertThat(sink.ids()).containsExactly("100", "200", "300");
    assertThat(sink.flushes).isEqualTo(1);
    assertThat(destination.calls).isZero();
    assertThat(listener.events).isEmpty();
  }

  @Test
  void anEmptyBatchHasNothingToCheckpoint() {
    BatchProcessor.Result result = processor(retries(3)).process(List.of(), SHARD, NEVER_STOP);

    assertThat(result.done()).isZero();
    assertThat(result.lastDoneSequenceNumber()).isEmpty();
  }

  @Test
  void aRecordThatSucceedsOnARetryIsLoggedOnceAndNotHandedOver() {
    sink.poisonFailures = 2;

    BatchProcessor.Result result =
        processor(retries(3))
            .process(List.of(item("100"), poison("200"), item("300")), SHARD, NEVER_STOP);

    assertThat(sink.poisonAttempts).hasValue(3);
    assertThat(sink.ids()).containsExactly("100", "200", "300");
    assertThat(result.done()).isEqualTo(3);
    assertThat(destination.calls).isZero();
    assertThat(counts.get("INSERT", EventCounts.Outcome.LOGGED)).isEqualTo(3);
    assertThat(counts.get("INSERT", EventCounts.Outcome.FAILED)).isZero();
  }

  @Test
  void aRecordThatKeepsFailingIsHandedOverAfterItsRetriesAndTheShardMovesOn() {
    BatchProcessor.Result result =
        processor(retries(2))
            .process(List.of(item("100"), poison("200"), item("300")), SHARD, NEVER_STOP);

    assertThat(destination.stored)
        .singleElement()
        .satisfies(
            failure -> {
              assertThat(failure.reason()).isEqualTo(RecordFailure.Reason.RETRIES_EXHAUSTED);
              assertThat(failure.attempts()).isEqualTo(3);
              assertThat(failure.sequenceNumber()).isEqualTo("200");
              assertThat(failure.source()).isEqualTo(SHARD);
              assertThat(failure.error()).contains("writing its line failed").contains("disk full");
            });
    assertThat(sink.poisonAttempts).hasValue(3);
    assertThat(sink.ids()).containsExactly("100", "300");
    assertThat(result.done()).isEqualTo(3);
    assertThat(result.lastDoneSequenceNumber()).contains("300");
    assertThat(counts.get("INSERT", EventCounts.Outcome.FAILED)).isEqualTo(1);
    assertThat(counts.get("INSERT", EventCounts.Outcome.LOGGED)).isEqualTo(2);
    assertThat(listener.events).containsExactly("recordFailed RETRIES_EXHAUSTED test");
  }

  @Test
  void zeroRetriesMeansOneAttempt() {
    processor(retries(0)).process(List.of(poison("100")), SHARD, NEVER_STOP);

    assertThat(sink.poisonAttempts).hasValue(1);
    assertThat(destination.stored).singleElement().extracting(RecordFailure::attempts).isEqualTo(1);
  }

  @Test
  void aRecordOlderThanTheMaximumAgeIsHandedOverUntried() {
    FailurePolicy oneMinute =
        new FailurePolicy(
            3, Optional.of(Duration.ofSeconds(60)), Duration.ofMillis(1), Duration.ofMillis(5));
    Record old = createdAt(item("100"), NOW.minusSeconds(61));
    Record justInTime = createdAt(item("200"), NOW.minusSeconds(60));

    BatchProcessor.Result result =
        processor(oneMinute).process(List.of(old, justInTime, item("300")), SHARD, NEVER_STOP);

    assertThat(destination.stored)
        .singleElement()
        .satisfies(
            failure -> {
              assertThat(failure.reason()).isEqualTo(RecordFailure.Reason.RECORD_TOO_OLD);
              assertThat(failure.attempts()).isZero();
              assertThat(failure.sequenceNumber()).isEqualTo("100");
              assertThat(failure.error()).contains("61 s old");
            });
    assertThat(sink.ids()).containsExactly("200", "300");
    assertThat(result.done()).isEqualTo(3);
    assertThat(listener.events).containsExactly("recordFailed RECORD_TOO_OLD test");
  }

  @Test
  void recordsCreatedBeforeTheStartArePassedOverUntriedCountedAndDone() {
    FailurePolicy oneMinute =
        new FailurePolicy(
            3, Optional.of(Duration.ofSeconds(60)), Duration.ofMillis(1), Duration.ofMillis(5));
    Instant start = NOW.minusSeconds(30);
    Record tooOldAndBefore = createdAt(item("100"), NOW.minusSeconds(90));
    Record poisonBefore = createdAt(poison("200"), start.minusMillis(1));
    Record atStart = createdAt(item("300"), start);

    BatchProcessor.Result result =
        processor(oneMinute)
            .process(
                List.of(tooOldAndBefore, poisonBefore, atStart, item("400")),
                SHARD,
                Optional.of(start),
                NEVER_STOP);

    assertThat(result.done()).isEqualTo(4);
    assertThat(result.lastDoneSequenceNumber()).contains("400");
    assertThat(sink.ids()).containsExactly("300", "400");
    assertThat(sink.poisonAttempts).hasValue(0);
    assertThat(destination.calls).isZero();
    assertThat(listener.events).isEmpty();
    assertThat(counts.get("INSERT", EventCounts.Outcome.BEFORE_START)).isEqualTo(2);
    assertThat(counts.get("INSERT", EventCounts.Outcome.LOGGED)).isEqualTo(2);
  }

  @Test
  void aBatchWhollyBeforeTheStartIsDoneToItsLastRecord() {
    BatchProcessor.Result result =
        processor(retries(3))
            .process(List.of(item("100"), item("200")), SHARD, Optional.of(NOW), NEVER_STOP);

    assertThat(result.done()).isEqualTo(2);
    assertThat(result.lastDoneSequenceNumber()).contains("200");
    assertThat(sink.ids()).isEmpty();
    assertThat(counts.get("INSERT", EventCounts.Outcome.BEFORE_START)).isEqualTo(2);
  }

  @Test
  void withoutAMaximumAgeAnOldRecordIsStillProcessed() {
    Record ancient = createdAt(item("100"), NOW.minus(Duration.ofDays(30)));

    processor(retries(3)).process(List.of(ancient), SHARD, NEVER_STOP);

    assertThat(sink.ids()).containsExactly("100");
    assertThat(destination.calls).isZero();
  }

  @Test
  void theHandedOverRecordIsRedacted() {
    Record secret =
        StreamRecords.insert(
            "100",
            NOW,
            Map.of(
                "id", AttributeValue.fromS("100"),
                "email", AttributeValue.fromS("ann@example.com"),
                "poison", AttributeValue.fromBool(true)));

    processor(retries(0), Redaction.parse("email")).process(List.of(secret), SHARD, NEVER_STOP);

    assertThat(destination.stored)
        .singleElement()
        .satisfies(
            failure ->
                assertThat(failure.record().dynamodb().newImage().get("email").s())
                    .isEqualTo(Redaction.REDACTED));
  }

  @Test
  void theShardWaitsAtTheRecordUntilTheDestinationTakesIt() {
    destination.refusalsLeft = 3;

    BatchProcessor.Result result =
        processor(retries(0))
            .process(List.of(item("100"), poison("200"), item("300")), SHARD, NEVER_STOP);

    assertThat(listener.events)
        .containsExactly(
            "destinationFailed test",
            "waiting shardId-1 at 200",
            "destinationFailed test",
            "destinationFailed test",
            "recordFailed RETRIES_EXHAUSTED test",
            "resumed shardId-1");
    assertThat(destination.calls).isEqualTo(4);
    assertThat(destination.stored).hasSize(1);
    assertThat(counts.get("INSERT", EventCounts.Outcome.FAILED)).isEqualTo(1);
    assertThat(sink.ids()).containsExactly("100", "300");
    assertThat(result.done()).isEqualTo(3);
    assertThat(result.lastDoneSequenceNumber()).contains("300");
  }

  @Test
  void aStopWhileWaitingEndsTheBatchBeforeTheWaitingRecord() {
    destination.refusalsLeft = Integer.MAX_VALUE;
    AtomicInteger checks = new AtomicInteger();

    BatchProcessor.Result result =
        processor(retries(0))
            .process(
                List.of(item("100"), item("200"), poison("300"), item("400")),
                SHARD,
                () -> checks.incrementAndGet() > 3);

    assertThat(result.done()).isEqualTo(2);
    assertThat(result.lastDoneSequenceNumber()).contains("200");
    assertThat(sink.ids()).containsExactly("100", "200");
    assertThat(destination.calls).isEqualTo(4);
    assertThat(counts.get("INSERT", EventCounts.Outcome.FAILED)).isZero();
    assertThat(listener.events)
        .startsWith("destinationFailed test", "waiting shardId-1 at 300")
        .endsWith("resumed shardId-1")
        .doesNotContain("recordFailed RETRIES_EXHAUSTED test");
    assertThat(sink.flushes).as("before waiting, and as the batch ends").isEqualTo(2);
  }

  @Test
  void anInterruptWhileWaitingEndsTheBatchAndKeepsTheInterrupt() {
    destination.refusalsLeft = Integer.MAX_VALUE;
    FailurePolicy slowBackoff =
        new FailurePolicy(0, Optional.empty(), Duration.ofSeconds(30), Duration.ofSeconds(60));
    Thread.currentThread().interrupt();
    try {
      BatchProcessor.Result result =
          processor(slowBackoff).process(List.of(item("100"), poison("200")), SHARD, NEVER_STOP);

      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(result.lastDoneSequenceNumber()).contains("100");
      assertThat(listener.events).endsWith("resumed shardId-1");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void theLinesBeforeAFailingRecordAreFlushedBeforeTheShardWaitsOnTheDestination() {
    List<Integer> flushesAtEachSend = new ArrayList<>();
    FailureDestination watching =
        new FailureDestination() {
          @Override
          public void send(RecordFailure failure) {
            flushesAtEachSend.add(sink.flushes);
          }

          @Override
          public String name() {
            return "watching";
          }
        };
    RecordPipeline pipeline =
        new RecordPipeline(FilterCriteria.defaultFilter(), Redaction.none(), sink, counts);

    new BatchProcessor(pipeline, retries(0), watching, listener, CLOCK)
        .process(List.of(item("100"), poison("200"), item("300")), SHARD, NEVER_STOP);

    assertThat(flushesAtEachSend).containsExactly(1);
    assertThat(sink.flushes).isEqualTo(2);
  }

  @Test
  void aStopWhileWaitingAtTheFirstRecordLeavesNothingToCheckpoint() {
    destination.refusalsLeft = Integer.MAX_VALUE;
    AtomicInteger checks = new AtomicInteger();

    BatchProcessor.Result result =
        processor(retries(0))
            .process(
                List.of(poison("100"), item("200")), SHARD, () -> checks.incrementAndGet() > 2);

    assertThat(result.done()).isZero();
    assertThat(result.lastDoneSequenceNumber()).isEmpty();
    assertThat(sink.ids()).isEmpty();
  }

  @Test
  void aFilteredRecordCountsAsDone() {
    Record modify = item("200").toBuilder().eventName(OperationType.MODIFY).build();

    BatchProcessor.Result result =
        processor(retries(3)).process(List.of(item("100"), modify), SHARD, NEVER_STOP);

    assertThat(result.done()).isEqualTo(2);
    assertThat(result.lastDoneSequenceNumber()).contains("200");
    assertThat(sink.ids()).containsExactly("100");
    assertThat(counts.get("MODIFY", EventCounts.Outcome.FILTERED)).isEqualTo(1);
    assertThat(destination.calls).isZero();
  }

  @Test
  void aFilterThatThrowsEndsTheBatchAtItsRecordAndSaysSo() {
    RecordPipeline pipeline =
        new RecordPipeline(
            (record, source) -> {
              if (record.dynamodb().sequenceNumber().equals("200")) {
                throw new IllegalStateException("filter bug");
              }
              return true;
            },
            sink,
            counts);

    BatchProcessor.Result result =
        new BatchProcessor(pipeline, retries(3), destination, listener, CLOCK)
            .process(List.of(item("100"), item("200"), item("300")), SHARD, NEVER_STOP);

    assertThat(result.done()).isEqualTo(1);
    assertThat(result.lastDoneSequenceNumber()).contains("100");
    assertThat(result.unexpected())
        .hasValueSatisfying(
            unexpected -> {
              assertThat(unexpected.stage()).isEqualTo(Stage.FILTER);
              assertThat(unexpected.thrown()).hasMessage("filter bug");
            });
    assertThat(sink.ids()).containsExactly("100");
    assertThat(sink.flushes).as("the done record's line is flushed").isEqualTo(1);
    assertThat(destination.calls).as("not a record failure: nothing is retried").isZero();
  }

  @Test
  void aSinkThatCannotFlushLeavesNoneOfTheBatchDone() {
    ItemSink unflushable =
        new ItemSink() {
          @Override
          public void accept(String line) {
            sink.accept(line);
          }

          @Override
          public void flush() {
            sink.flushes++;
            throw new IllegalStateException("disk gone");
          }
        };
    RecordPipeline pipeline =
        new RecordPipeline(FilterCriteria.defaultFilter(), unflushable, counts);

    BatchProcessor.Result result =
        new BatchProcessor(pipeline, retries(3), destination, listener, CLOCK)
            .process(List.of(item("100"), item("200")), SHARD, NEVER_STOP);

    assertThat(result.done()).isZero();
    assertThat(result.lastDoneSequenceNumber()).isEmpty();
    assertThat(result.unexpected()).map(UnexpectedFailure::stage).contains(Stage.SINK);
    assertThat(sink.flushes).as("a failed sink is not flushed again").isEqualTo(1);
  }

  @Test
  void aMeterThatThrowsAfterAHandOverLeavesTheHandedOverRecordNotDone() {
    FailureListener throwing =
        new FailureListener() {
          @Override
          public void recordFailed(RecordFailure.Reason reason, String destination) {
            throw new IllegalStateException("registry closed");
          }
        };
    RecordPipeline pipeline =
        new RecordPipeline(FilterCriteria.defaultFilter(), Redaction.none(), sink, counts);

    BatchProcessor.Result result =
        new BatchProcessor(pipeline, retries(0), destination, throwing, CLOCK)
            .process(List.of(item("100"), poison("200"), item("300")), SHARD, NEVER_STOP);

    assertThat(result.done()).isEqualTo(1);
    assertThat(result.lastDoneSequenceNumber()).contains("100");
    assertThat(result.unexpected()).map(UnexpectedFailure::stage).contains(Stage.METER);
    assertThat(sink.ids()).containsExactly("100");
  }

  @Test
  void aDestinationThatThrowsSomethingUndocumentedHaltsAtTheRecord() {
    FailureDestination broken =
        new FailureDestination() {
          @Override
          public void send(RecordFailure failure) {
            throw new NullPointerException();
          }

          @Override
          public String name() {
            return "broken";
          }
        };
    RecordPipeline pipeline =
        new RecordPipeline(FilterCriteria.defaultFilter(), Redaction.none(), sink, counts);

    BatchProcessor.Result result =
        new BatchProcessor(pipeline, retries(0), broken, listener, CLOCK)
            .process(List.of(item("100"), poison("200"), item("300")), SHARD, NEVER_STOP);

    assertThat(result.done()).isEqualTo(1);
    assertThat(result.unexpected())
        .map(UnexpectedFailure::stage)
        .contains(Stage.FAILURE_DESTINATION);
    assertThat(sink.ids()).containsExactly("100");
  }
}
