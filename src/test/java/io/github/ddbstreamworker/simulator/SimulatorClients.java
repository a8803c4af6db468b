package io.github.ddbstreamworker.simulator;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The AWS SDK v2 streams client, as the worker builds it, aimed at a simulator. */
final class SimulatorClients {

  private SimulatorClients() {}

  /** Without retries, so each test sees the simulator's first answer. */
  static DynamoDbStreamsClient streams(StreamSimulator simulator) {
    return DynamoDbStreamsClient.builder()
        .endpointOverride(simulator.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(Apache5HttpClient.builder())
        .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** Every shard of the stream, through DescribeStream's paging. */
  static List<Shard> shards(DynamoDbStreamsClient client, String streamArn) {
    List<Shard> shards = new ArrayList<>();
    String start = null;
    do {
      String exclusiveStart = start;
      var description =
          client
              .describeStream(
                  request -> request.streamArn(streamArn).exclusiveStartShardId(exclusiveStart))
              .streamDescription();
      shards.addAll(description.shards());
      start = description.lastEvaluatedShardId();
    } while (start != null);
    return shards;
  }

  static String iterator(
      DynamoDbStreamsClient client, String streamArn, String shardId, ShardIteratorType type) {
    return client
        .getShardIterator(
            request -> request.streamArn(streamArn).shardId(shardId).shardIteratorType(type))
        .shardIterator();
  }

  /** A shard's records from TRIM_HORIZON up to where it ends or runs dry. */
  static List<Record> read(DynamoDbStreamsClient client, String streamArn, String shardId) {
    List<Record> records = new ArrayList<>();
    String iterator = iterator(client, streamArn, shardId, ShardIteratorType.TRIM_HORIZON);
    while (iterator != null) {
      String current = iterator;
      GetRecordsResponse page = client.getRecords(request -> request.shardIterator(current));
      records.addAll(page.records());
      iterator = page.records().isEmpty() ? null : page.nextShardIterator();
    }
    return records;
  }
}
