package io.github.ddbstreamworker.config;

/** Which stream to consume: the latest stream of a table, or one stream named by its ARN. */
public sealed interface StreamSource {

  /** The table whose stream this is, as far as the setting tells. */
  String tableName();

  /** The latest stream of a table, looked up at start-up. */
  record Table(String tableName) implements StreamSource {}

  /** One stream named by its ARN; the table name is read from the ARN. */
  record Arn(String streamArn) implements StreamSource {
    @Override
    public String tableName() {
      return StreamArns.tableName(streamArn);
    }
  }
}
