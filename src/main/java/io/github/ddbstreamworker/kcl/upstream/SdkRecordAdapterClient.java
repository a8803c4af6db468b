package io.github.ddbstreamworker.kcl.upstream;

import com.amazonaws.services.dynamodbv2.streamsadapter.AmazonDynamoDBStreamsAdapterClient;
import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsClientRecord;
import com.amazonaws.services.dynamodbv2.streamsadapter.adapter.DynamoDBStreamsGetRecordsResponseAdapter;
import com.amazonaws.services.dynamodbv2.streamsadapter.util.AmazonServiceExceptionTransformer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The adapter's client, with GetRecords made cheaper for a consumer that reads each record as the
 * SDK's {@link Record} and never as Kinesis bytes.
 *
 * <p>Adapter 2.0.1 turns a page into KCL records on every call to its {@code records()}, and the
 * KCL 3.3 fetch loop calls it four times a page (twice to find the last sequence number, twice to
 * build the batch); each time, every record is serialised to JSON for the Kinesis data field. On a
 * backlog that conversion was a third of the fetch thread's time, and the processor waited on the
 * fetch. Here a page is converted once, with no JSON. The adapter also runs each GetRecords call on
 * a {@code CompletableFuture}'s default executor, which on a machine with fewer than three
 * processors starts a new thread per call, while the fetch thread only waits for it; here the fetch
 * thread makes the call itself. Errors are turned into the Kinesis errors the KCL expects by the
 * adapter's own transformer, as before.
 */
public final class SdkRecordAdapterClient extends AmazonDynamoDBStreamsAdapterClient {

  private final DynamoDbStreamsClient streams;

  public SdkRecordAdapterClient(DynamoDbStreamsClient streams, Region region) {
    super(streams, region);
    this.streams = streams;
  }

  @Override
  public CompletableFuture<DynamoDBStreamsGetRecordsResponseAdapter> getDynamoDBStreamsRecords(
      GetRecordsRequest request) {
    try {
      GetRecordsResponse response;
      try {
        response = streams.getRecords(request);
      } catch (AwsServiceException e) {
        throw AmazonServiceExceptionTransformer.transformDynamoDBStreamsToKinesisGetRecords(
            e, getSkipRecordsBehavior());
      }
      return CompletableFuture.completedFuture(new Page(response));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** One GetRecords page, its records converted once. */
  static final class Page extends DynamoDBStreamsGetRecordsResponseAdapter {

    private final List<KinesisClientRecord> records;

    Page(GetRecordsResponse response) {
      super(response);
      this.records = response.records().stream().<KinesisClientRecord>map(SdkRecord::new).toList();
    }

    /** A new list each call, as the adapter gives: the KCL's callers own what they get. */
    @Override
    public List<KinesisClientRecord> records() {
      return new ArrayList<>(records);
    }
  }

  /**
   * A stream record for the KCL: sequence numbers and the SDK record as the adapter's own record
   * has them; in place of the JSON copy of the record, a data field of the record's size ({@code
   * SizeBytes}) that holds zeros.
   *
   * <p>The size matters to the KCL, not the content: it bounds the prefetch queue by bytes, and KCL
   * 3 balances leases between workers by each lease's bytes per second. Nothing reads the content:
   * the worker takes {@link #getRecord()}, and the KCL's KPL de-aggregation finds no KPL header in
   * zeros (nor in JSON, which it looked at before) and passes the record on unchanged.
   */
  static final class SdkRecord extends DynamoDBStreamsClientRecord {

    /** Shared by the data fields of records up to this size; larger ones get their own. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocate(64 * 1024).asReadOnlyBuffer();

    SdkRecord(Record record) {
      super(
          record.dynamodb().sequenceNumber(),
          record.dynamodb().approximateCreationDateTime(),
          zeros(record.dynamodb().sizeBytes()),
          record.dynamodb().sequenceNumber(),
          EncryptionType.NONE,
          0,
          null,
          false,
          null,
          record);
    }

    /** A buffer of its own, as readers move a buffer's position; shared zeros where they fit. */
    private static ByteBuffer zeros(Long sizeBytes) {
      int size = sizeBytes == null ? 0 : Math.toIntExact(sizeBytes);
      return size <= ZEROS.capacity() ? ZEROS.duplicate().limit(size) : ByteBuffer.allocate(size);
    }
  }
}
