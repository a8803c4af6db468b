package io.github.ddbstreamworker.kcl.upstream;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import com.amazonaws.services.dynamodbv2.streamsadapter.DynamoDBStreamsSleepTimeController;
import com.amazonaws.services.dynamodbv2.streamsadapter.polling.DynamoDBStreamsPollingConfig;
import software.amazon.kinesis.retrieval.RetrievalFactory;
import software.amazon.kinesis.retrieval.polling.SleepTimeController;
import software.amazon.kinesis.retrieval.polling.SleepTimeControllerConfig;

/**
 * The adapter's polling, except that a read which came back full is followed by the next read at
 * once: a full page means a backlog, and pausing the poll interval after each page capped a drain
 * at {@code MAX_RECORDS} per interval (8,000 records/s at the defaults), well below what the stream
 * gives. Reads that are not full pause as the adapter does (twice as long after an empty one).
 *
 * <p>The adapter's scheduler factory installs its own sleep controller into the polling config, so
 * this config puts ours back when the KCL asks it for the retrieval factory.
 */
public final class DrainingPollingConfig extends DynamoDBStreamsPollingConfig {

  public DrainingPollingConfig(String streamArn, AmazonDynamoDBStreamsAdapterClient client) {
    super(streamArn, client);
  }

  @Override
  public RetrievalFactory retrievalFactory() {
    sleepTimeController(new DrainingSleepTimeController(maxRecords()));
    return super.retrievalFactory();
  }

  /** No pause after a full page; otherwise the adapter's pause. */
  static final class DrainingSleepTimeController implements SleepTimeController {

    private final int maxRecords;
    private final SleepTimeController adapterDefault = new DynamoDBStreamsSleepTimeController();

    DrainingSleepTimeController(int maxRecords) {
      this.maxRecords = maxRecords;
    }

    @Override
    public long getSleepTimeMillis(SleepTimeControllerConfig config) {
      Integer lastRecords = config.lastRecordsCount();
      if (lastRecords != null && lastRecords >= maxRecords) {
        return 0;
      }
      return adapterDefault.getSleepTimeMillis(config);
    }
  }
}
