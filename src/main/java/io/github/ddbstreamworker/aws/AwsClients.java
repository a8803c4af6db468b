package io.github.ddbstreamworker.aws;

import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The AWS clients the worker uses, built once from one {@link AwsConnection} and closed together.
 */
public final class AwsClients implements AutoCloseable {

  private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(30);

  private final DynamoDbClient dynamoDb;
  private final DynamoDbAsyncClient leaseTables;
  private final DynamoDbStreamsClient streams;
  private final CloudWatchAsyncClient cloudWatch;

  public AwsClients(AwsConnection connection) {
    this.dynamoDb =
        configure(DynamoDbClient.builder(), connection)
            .httpClientBuilder(ApacheHttpClient.builder())
            .build();
    this.streams =
        configure(DynamoDbStreamsClient.builder(), connection)
            .httpClientBuilder(ApacheHttpClient.builder())
            .build();
    this.leaseTables =
        configure(DynamoDbAsyncClient.builder(), connection)
            .httpClientBuilder(NettyNioAsyncHttpClient.builder())
            .build();
    this.cloudWatch =
        configure(CloudWatchAsyncClient.builder(), connection)
            .httpClientBuilder(NettyNioAsyncHttpClient.builder())
            .build();
  }

  private static <B extends AwsClientBuilder<B, ?>> B configure(
      B builder, AwsConnection connection) {
    builder.region(connection.region()).credentialsProvider(connection.credentials());
    connection.endpointOverride().ifPresent(builder::endpointOverride);
    builder.overrideConfiguration(config -> config.apiCallTimeout(API_CALL_TIMEOUT));
    return builder;
  }

  /** For tables and their streams' metadata. */
  public DynamoDbClient dynamoDb() {
    return dynamoDb;
  }

  /** For the KCL's lease, worker-metrics and coordinator-state tables. */
  public DynamoDbAsyncClient leaseTables() {
    return leaseTables;
  }

  public DynamoDbStreamsClient streams() {
    return streams;
  }

  /** Required by the KCL's configuration; only called when its metrics are turned on. */
  public CloudWatchAsyncClient cloudWatch() {
    return cloudWatch;
  }

  @Override
  public void close() {
    cloudWatch.close();
    leaseTables.close();
    streams.close();
    dynamoDb.close();
  }
}
