package io.github.ddbstreamworker.aws;

import java.time.Duration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS clients the worker uses, built once from one {@link AwsConnection} and closed together.
 */
public final class AwsClients implements AutoCloseable {

  private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(30);

  private final DynamoDbClient dynamoDb;
  private final DynamoDbAsyncClient leaseTables;
  private final DynamoDbStreamsClient streams;
  private final CloudWatchAsyncClient cloudWatch;
  private final AwsConnection connection;
  private SqsClient sqs;

  public AwsClients(AwsConnection connection) {
    this.connection = connection;
    this.dynamoDb =
        configure(DynamoDbClient.builder(), connection)
            .httpClientBuilder(Apache5HttpClient.builder())
            .build();
    DynamoDbStreamsClientBuilder streamsBuilder =
        configure(DynamoDbStreamsClient.builder(), connection)
            .httpClientBuilder(Apache5HttpClient.builder());
    connection.streamsEndpointOverride().ifPresent(streamsBuilder::endpointOverride);
    this.streams = streamsBuilder.build();
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

  /**
   * For the failure queue, built on first use. The local endpoint override does not apply; the
   * SDK's own endpoint variables ({@code AWS_ENDPOINT_URL_SQS}) do.
   */
  public synchronized SqsClient sqs() {
    if (sqs == null) {
      sqs =
          SqsClient.builder()
              .region(connection.region())
              .credentialsProvider(connection.credentials())
              .httpClientBuilder(Apache5HttpClient.builder())
              .overrideConfiguration(config -> config.apiCallTimeout(API_CALL_TIMEOUT))
              .build();
    }
    return sqs;
  }

  @Override
  public synchronized void close() {
    if (sqs != null) {
      sqs.close();
    }
    cloudWatch.close();
    leaseTables.close();
    streams.close();
    dynamoDb.close();
  }
}
