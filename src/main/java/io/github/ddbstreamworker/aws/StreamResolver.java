package io.github.ddbstreamworker.aws;

import io.github.ddbstreamworker.config.StreamSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Finds the stream to consume and how it is configured, with errors that name the table. */
public final class StreamResolver {

  private final DynamoDbClient dynamoDb;
  private final DynamoDbStreamsClient streams;

  public StreamResolver(DynamoDbClient dynamoDb, DynamoDbStreamsClient streams) {
    this.dynamoDb = dynamoDb;
    this.streams = streams;
  }

  public ResolvedStream resolve(StreamSource source) {
    String streamArn =
        source instanceof StreamSource.Arn arn
            ? arn.streamArn()
            : latestStreamArn(source.tableName());
    StreamDescription description = describe(streamArn, source.tableName());
    return new ResolvedStream(streamArn, description.tableName(), description.streamViewType());
  }

  private String latestStreamArn(String tableName) {
    TableDescription table;
    try {
      table = dynamoDb.describeTable(request -> request.tableName(tableName)).table();
    } catch (ResourceNotFoundException e) {
      throw new StreamNotFoundException(
          "table '"
              + tableName
              + "' does not exist (check TABLE_NAME, AWS_REGION and the endpoint)");
    }
    boolean streamEnabled =
        table.streamSpecification() != null
            && Boolean.TRUE.equals(table.streamSpecification().streamEnabled());
    if (!streamEnabled || table.latestStreamArn() == null) {
      throw new StreamNotFoundException(
          "table '"
              + tableName
              + "' has no stream enabled: enable one, e.g. aws dynamodb update-table --table-name "
              + tableName
              + " --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES");
    }
    return table.latestStreamArn();
  }

  private StreamDescription describe(String streamArn, String tableName) {
    try {
      DescribeStreamResponse response =
          streams.describeStream(request -> request.streamArn(streamArn).limit(1));
      return response.streamDescription();
    } catch (ResourceNotFoundException e) {
      throw new StreamNotFoundException(
          "stream of table '" + tableName + "' not found: " + streamArn + " (check STREAM_ARN)");
    }
  }
}
