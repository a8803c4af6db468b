package io.github.ddbstreamworker.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.DynamodbEventTransformer;
import io.github.ddbstreamworker.config.Setting;
import io.github.ddbstreamworker.config.StreamArns;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.ItemSink;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.core.RecordSource;
import io.github.ddbstreamworker.core.StdoutSink;
import io.github.ddbstreamworker.logging.ConsoleLog;
import io.github.ddbstreamworker.logging.LogFormat;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * The Lambda alternative to the worker: a handler for a DynamoDB stream trigger that runs each
 * record through the worker's pipeline, with the same {@code FILTER_CRITERIA} and the same lines.
 * It reports the first record that fails, so Lambda retries from there and skips nothing.
 */
public final class StreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

  private static final Logger log = LoggerFactory.getLogger(StreamHandler.class);

  private final RecordPipeline pipeline;

  /** The constructor Lambda calls, once per execution environment. */
  public StreamHandler() {
    this(System::getenv, StdoutSink.systemOut(), new EventCounts());
    LogFormat format = Setting.LOG_FORMAT.valueIn(System::getenv);
    ConsoleLog.use(format != null ? format : LogFormat.JSON);
  }

  StreamHandler(Function<String, String> environment, ItemSink sink, EventCounts counts) {
    this.pipeline =
        new RecordPipeline(
            Setting.FILTER_CRITERIA.valueIn(environment),
            Setting.REDACT_ATTRIBUTES.valueIn(environment),
            sink,
            counts);
  }

  @Override
  public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
    List<DynamodbEvent.DynamodbStreamRecord> delivered = event.getRecords();
    List<Record> records = DynamodbEventTransformer.toRecordsV2(event);
    for (int index = 0; index < records.size(); index++) {
      Record record = records.get(index);
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

  private static RecordSource sourceOf(DynamodbEvent.DynamodbStreamRecord record) {
    String streamArn = record.getEventSourceARN();
    String table =
        streamArn != null && StreamArns.isValid(streamArn) ? StreamArns.tableName(streamArn) : null;
    return new RecordSource(streamArn, table, null);
  }
}
