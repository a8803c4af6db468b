package io.github.ddbstreamworker.local;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** A table keyed by a string {@code id}, with a stream. */
public final class DemoTable {

  public static final String KEY = "id";

  private DemoTable() {}

  /** Creates the table unless it exists (a server given to {@code local} may have it already). */
  public static void createIfMissing(
      DynamoDbClient dynamoDb, String tableName, StreamViewType viewType) {
    try {
      dynamoDb.createTable(
          request ->
              request
                  .tableName(tableName)
                  .keySchema(
                      KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build())
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName(KEY)
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .streamSpecification(spec -> spec.streamEnabled(true).streamViewType(viewType)));
    } catch (ResourceInUseException alreadyThere) {
      return;
    }
    dynamoDb.waiter().waitUntilTableExists(request -> request.tableName(tableName));
  }
}
