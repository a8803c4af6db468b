package io.github.ddbstreamworker.simulator;

import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The table a simulated stream belongs to: its name, key schema, view type and first shard count.
 *
 * @param rangeKey the sort key's attribute name, or {@code null} for a table with a hash key only
 */
public record StreamSpec(
    String tableName, String hashKey, String rangeKey, StreamViewType viewType, int shards) {

  /** The most shards one stream may start with. */
  public static final int MAX_SHARDS = 10_000;

  public StreamSpec {
    if (tableName == null || !tableName.matches("[a-zA-Z0-9_.-]{3,255}")) {
      throw new IllegalArgumentException(
          "table name must be 3-255 characters of a-z, A-Z, 0-9, '_', '-' and '.', not "
              + tableName);
    }
    requireAttributeName("hash key", hashKey);
    if (rangeKey != null) {
      requireAttributeName("range key", rangeKey);
      if (rangeKey.equals(hashKey)) {
        throw new IllegalArgumentException("range key must differ from the hash key " + hashKey);
      }
    }
    Objects.requireNonNull(viewType, "view type");
    if (viewType == StreamViewType.UNKNOWN_TO_SDK_VERSION) {
      throw new IllegalArgumentException("view type must be a DynamoDB Streams view type");
    }
    if (shards < 1 || shards > MAX_SHARDS) {
      throw new IllegalArgumentException("shards must be 1-" + MAX_SHARDS + ", not " + shards);
    }
  }

  /** A table with a hash key only and one shard. */
  public static StreamSpec of(String tableName, String hashKey, StreamViewType viewType) {
    return new StreamSpec(tableName, hashKey, null, viewType, 1);
  }

  public StreamSpec withShards(int shards) {
    return new StreamSpec(tableName, hashKey, rangeKey, viewType, shards);
  }

  public StreamSpec withRangeKey(String rangeKey) {
    return new StreamSpec(tableName, hashKey, rangeKey, viewType, shards);
  }

  private static void requireAttributeName(String role, String name) {
    if (name == null || name.isEmpty() || name.length() > 255) {
      throw new IllegalArgumentException(role + " must be an attribute name of 1-255 characters");
    }
  }
}
