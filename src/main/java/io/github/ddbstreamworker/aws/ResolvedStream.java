package io.github.ddbstreamworker.aws;

import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** The stream the worker consumes, as DynamoDB describes it at start-up. */
public record ResolvedStream(String streamArn, String tableName, StreamViewType viewType) {

  /** Whether records carry the new item; KEYS_ONLY and OLD_IMAGE streams do not. */
  public boolean carriesNewImage() {
    return viewType == StreamViewType.NEW_IMAGE || viewType == StreamViewType.NEW_AND_OLD_IMAGES;
  }
}
