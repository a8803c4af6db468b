package io.github.ddbstreamworker.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Reads request parameters and rejects missing or mistyped ones with a ValidationException. */
final class Parameters {

  private Parameters() {}

  static String requiredString(JsonNode request, String name) {
    return optionalString(request, name)
        .orElseThrow(
            () ->
                ApiError.validation(
                    "1 validation error detected: Value null at '"
                        + name
                        + "' failed to satisfy constraint: Member must not be null"));
  }

  static Optional<String> optionalString(JsonNode request, String name) {
    JsonNode value = request.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw ApiError.validation(name + " must be a string");
    }
    return Optional.of(value.textValue());
  }

  static Optional<Integer> optionalInt(JsonNode request, String name) {
    JsonNode value = request.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw ApiError.validation(name + " must be an integer");
    }
    return Optional.of(value.intValue());
  }

  /** A Limit of 1 to {@code max}, as DescribeStream and ListStreams accept. */
  static Optional<Integer> limit(JsonNode request, int max) {
    Optional<Integer> limit = optionalInt(request, "Limit");
    if (limit.isPresent() && (limit.get() < 1 || limit.get() > max)) {
      throw ApiError.validation(
          "1 validation error detected: Value '"
              + limit.get()
              + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and "
              + max);
    }
    return limit;
  }

  /** DescribeStream's ShardFilter: the only type is CHILD_SHARDS, with the parent's ShardId. */
  static Optional<String> childShardsFilter(JsonNode request) {
    JsonNode filter = request.get("ShardFilter");
    if (filter == null || filter.isNull()) {
      return Optional.empty();
    }
    String type = optionalString(filter, "Type").orElse("");
    if (!type.equals("CHILD_SHARDS")) {
      throw ApiError.validation("ShardFilter Type must be CHILD_SHARDS, not '" + type + "'");
    }
    return Optional.of(
        optionalString(filter, "ShardId")
            .orElseThrow(
                () -> ApiError.validation("ShardFilter of type CHILD_SHARDS needs a ShardId")));
  }
}
