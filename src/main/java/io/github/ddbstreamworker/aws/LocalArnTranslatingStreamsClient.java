package io.github.ddbstreamworker.aws;

import io.github.ddbstreamworker.config.StreamArns;
import java.util.List;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsResponse;
import software.amazon.awssdk.services.dynamodb.model.Stream;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsServiceClientConfiguration;

/**
 * Lets the Kinesis adapter read DynamoDB Local: Local's stream ARNs carry the region {@code
 * ddblocal}, which the adapter rejects, so ARNs are shown to the adapter with a real region and
 * turned back into Local's form on the way in.
 */
public final class LocalArnTranslatingStreamsClient implements DynamoDbStreamsClient {

  public static final String LOCAL_REGION = "ddblocal";

  private final DynamoDbStreamsClient local;
  private final String adapterRegion;

  public LocalArnTranslatingStreamsClient(DynamoDbStreamsClient local, Region adapterRegion) {
    this.local = local;
    this.adapterRegion =
        Region.regions().contains(adapterRegion) ? adapterRegion.id() : "us-east-1";
  }

  public static boolean isLocalArn(String streamArn) {
    return LOCAL_REGION.equals(StreamArns.region(streamArn));
  }

  /** The ARN as the adapter must see it. */
  public String toAdapterArn(String localArn) {
    return isLocalArn(localArn) ? StreamArns.withRegion(localArn, adapterRegion) : localArn;
  }

  private String toLocalArn(String adapterArn) {
    return adapterArn == null ? null : StreamArns.withRegion(adapterArn, LOCAL_REGION);
  }

  @Override
  public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
    DescribeStreamResponse response =
        local.describeStream(
            request.toBuilder().streamArn(toLocalArn(request.streamArn())).build());
    return response.toBuilder()
        .streamDescription(
            response.streamDescription().toBuilder()
                .streamArn(toAdapterArn(response.streamDescription().streamArn()))
                .build())
        .build();
  }

  @Override
  public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
    return local.getShardIterator(
        request.toBuilder().streamArn(toLocalArn(request.streamArn())).build());
  }

  @Override
  public GetRecordsResponse getRecords(GetRecordsRequest request) {
    return local.getRecords(request);
  }

  @Override
  public ListStreamsResponse listStreams(ListStreamsRequest request) {
    ListStreamsResponse response =
        local.listStreams(
            request.toBuilder()
                .exclusiveStartStreamArn(toLocalArn(request.exclusiveStartStreamArn()))
                .build());
    List<Stream> streams =
        response.streams().stream()
            .map(stream -> stream.toBuilder().streamArn(toAdapterArn(stream.streamArn())).build())
            .toList();
    return response.toBuilder()
        .streams(streams)
        .lastEvaluatedStreamArn(
            response.lastEvaluatedStreamArn() == null
                ? null
                : toAdapterArn(response.lastEvaluatedStreamArn()))
        .build();
  }

  @Override
  public DynamoDbStreamsServiceClientConfiguration serviceClientConfiguration() {
    return local.serviceClientConfiguration();
  }

  @Override
  public String serviceName() {
    return local.serviceName();
  }

  @Override
  public void close() {
    local.close();
  }
}
