package io.github.ddbstreamworker.bench;

import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsResponse;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsServiceClientConfiguration;

/**
 * Passes every call to the real client and counts the GetRecords calls: what a worker's reads cost
 * is counted in the client it was given, whatever endpoint answers.
 */
final class CountedStreamsClient implements DynamoDbStreamsClient {

  private final DynamoDbStreamsClient streams;
  private final LongAdder getRecordsCalls = new LongAdder();

  CountedStreamsClient(DynamoDbStreamsClient streams) {
    this.streams = streams;
  }

  long getRecordsCalls() {
    return getRecordsCalls.sum();
  }

  @Override
  public GetRecordsResponse getRecords(GetRecordsRequest request) {
    getRecordsCalls.increment();
    return streams.getRecords(request);
  }

  @Override
  public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
    return streams.describeStream(request);
  }

  @Override
  public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
    return streams.getShardIterator(request);
  }

  @Override
  public ListStreamsResponse listStreams(ListStreamsRequest request) {
    return streams.listStreams(request);
  }

  @Override
  public DynamoDbStreamsServiceClientConfiguration serviceClientConfiguration() {
    return streams.serviceClientConfiguration();
  }

  @Override
  public String serviceName() {
    return streams.serviceName();
  }

  @Override
  public void close() {
    streams.close();
  }
}
