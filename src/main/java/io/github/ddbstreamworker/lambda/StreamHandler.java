package io.github.ddbstreamworker.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.DynamodbEventTransformer;
import io.github.ddbstreamworker.config.InitialTimestamp;
import io.github.ddbstreamworker.config.Setting;
import io.github.ddbstreamworker.config.StreamArns;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.ItemSink;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.core.RecordSource;
import io.github.ddbstreamworker.core.StartTime;
import io.github.ddbstreamworker.core.StdoutSink;
import io.github.ddbstreamworker.logging.ConsoleLog;
import io.github.ddbstreamworker.logging.LogFormat;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The Lambda alternative to the worker: a handler for a DynamoDB stream trigger that runs each
 * record through the worker's pipeline, with the same {@code FILTER_CRITERIA} and the same lines. A
 * DynamoDB event source mapping cannot start at a time; with {@code INITIAL_TIMESTAMP} set to an
 * instant the handler passes over the records created before it, as the worker does with {@code
 * INITIAL_POSITION=AT_TIMESTAMP}. It reports the first record that fails, so Lambda retries from
 * there and skips nothing.
 */
public final class StreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

  private static final Logger log = LoggerFactory.getLogger(StreamHandler.class);

  /** Where rehearsal lines go: nowhere. */
  private static final ItemSink DROPPED =
      new ItemSink() {
        @Override
        public void accept(String line) {}

        @Override
        public void flush() {}
      };

  private final RecordPipeline pipeline;
  private final Optional<Instant> startTime;

  /**
   * The constructor Lambda calls: once per execution environment, or with SnapStart once per
   * published version, before the snapshot every environment of that version resumes from. It
   * builds nothing that must differ between environments (no random seed, id, captured time, AWS
   * client or connection), and it rehearses a batch so that the snapshot holds its loaded classes.
   */
  public StreamHandler() {
    this(System::getenv, StdoutSink.systemOut(), new EventCounts());
    LogFormat format = Setting.LOG_FORMAT.valueIn(System::getenv);
    ConsoleLog.use(format != null ? format : LogFormat.JSON);
    rehearse(System::getenv);
  }

  StreamHandler(Function<String, String> environment, ItemSink sink, EventCounts counts) {
    this.pipeline =
        new RecordPipeline(
            Setting.FILTER_CRITERIA.valueIn(environment),
            Setting.REDACT_ATTRIBUTES.valueIn(environment),
            sink,
            counts);
    this.startTime = startTimeIn(environment);
  }

  /**
   * INITIAL_TIMESTAMP as an instant: a duration would count back from each execution environment's
   * start, so environments started at different times would disagree on where records start.
   */
  private static Optional<Instant> startTimeIn(Function<String, String> environment) {
    InitialTimestamp timestamp = Setting.INITIAL_TIMESTAMP.valueIn(environment);
    if (timestamp == null) {
      return Optional.empty();
    }
    return Optional.of(
        timestamp
            .fixedInstant()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "INITIAL_TIMESTAMP must be an instant for the Lambda handler, such as"
                            + " 2026-12-01T10:00:00Z, not a duration: each execution environment"
                            + " would count it back from its own start")));
  }

  @Override
  public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
    List<DynamodbEvent.DynamodbStreamRecord> delivered = event.getRecords();
    List<Record> records = DynamodbEventTransformer.toRecordsV2(event);
    for (int index = 0; index < records.size(); index++) {
      Record record = records.get(index);
      if (StartTime.isAfterCreationOf(record, startTime)) {
        pipeline.passBeforeStart(record);
        continue;
      }
      try {
        pipeline.process(record, sourceOf(delivered.get(index)));
      } catch (RuntimeException e) {
        pipeline.flush();
        pipeline.countFailure(record);
        String sequenceNumber = record.dynamodb().sequenceNumber();
        log.atError()
            .addKeyValue("sequenceNumber", sequenceNumber)
            .addKeyValue("eventName", record.eventNameAsString())
            .log("record failed; Lambda retries the batch from it: {}", e.getMessage());
        return new StreamsEventResponse(
            List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber)));
      }
    }
    pipeline.flush();
    return new StreamsEventResponse(List.of());
  }

  /**
   * Runs {@link #rehearsalEvent()} through a pipeline like the handler's, with the default filter
   * (which logs it) and the configured redaction, into a sink that drops its line and counts of its
   * own. It loads and initialises what the first real batch needs (the event transformer, filter,
   * redaction, line formatter and Jackson), which SnapStart then keeps in the snapshot instead of
   * each restored environment loading them on its first batch. AWS's SnapStart guide recommends
   * this ("Maximize Lambda SnapStart performance"); without SnapStart it moves the same work from
   * the first invocation into the init phase.
   */
  static void rehearse(Function<String, String> environment) {
    Function<String, String> defaultFilter =
        name -> name.equals(Setting.FILTER_CRITERIA.env()) ? null : environment.apply(name);
    StreamsEventResponse response =
        new StreamHandler(defaultFilter, DROPPED, new EventCounts())
            .handleRequest(rehearsalEvent(), null);
    if (!response.getBatchItemFailures().isEmpty()) {
      throw new IllegalStateException("the handler failed on its rehearsal record");
    }
  }

  /** One made-up INSERT holding every attribute type, as a stream trigger delivers it. */
  static DynamodbEvent rehearsalEvent() {
    Map<String, AttributeValue> keys = Map.of("pk", new AttributeValue().withS("rehearsal"));
    Map<String, AttributeValue> item = new LinkedHashMap<>(keys);
    item.put("n", new AttributeValue().withN("1.5"));
    item.put("b", new AttributeValue().withB(ByteBuffer.wrap(new byte[] {0, 1})));
    item.put("bool", new AttributeValue().withBOOL(true));
    item.put("null", new AttributeValue().withNULL(true));
    item.put("ss", new AttributeValue().withSS("a", "b"));
    item.put("ns", new AttributeValue().withNS("1", "2"));
    item.put("bs", new AttributeValue().withBS(ByteBuffer.wrap(new byte[] {2})));
    item.put("l", new AttributeValue().withL(new AttributeValue().withS("x")));
    item.put("m", new AttributeValue().withM(Map.of("s", new AttributeValue().withS("y"))));
    DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
    record.setEventSourceARN(
        "arn:aws:dynamodb:us-east-1:000000000000:table/rehearsal/stream/2000-01-01T00:00:00.000");
    record
        .withEventID("rehearsal")
        .withEventName("INSERT")
        .withEventVersion("1.1")
        .withEventSource("aws:dynamodb")
        .withAwsRegion("us-east-1")
        .withDynamodb(
            new StreamRecord()
                .withApproximateCreationDateTime(new Date(0))
                .withKeys(keys)
                .withNewImage(item)
                .withSequenceNumber("1")
                .withSizeBytes(100L)
                .withStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES));
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(List.of(record));
    return event;
  }

  private static RecordSource sourceOf(DynamodbEvent.DynamodbStreamRecord record) {
    String streamArn = record.getEventSourceARN();
    String table =
        streamArn != null && StreamArns.isValid(streamArn) ? StreamArns.tableName(streamArn) : null;
    return new RecordSource(streamArn, table, null);
  }
}
