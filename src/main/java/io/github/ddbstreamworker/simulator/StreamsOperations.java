package io.github.ddbstreamworker.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The four DynamoDB Streams operations on the simulator's streams, request JSON in, response JSON
 * bytes out. Limits and errors follow the API reference of each operation.
 */
final class StreamsOperations {

  /** DescribeStream and ListStreams: "The upper limit is 100." */
  static final int MAX_LIST_LIMIT = 100;

  /** GetRecords: "The upper limit is 1000." */
  static final int MAX_RECORDS = 1_000;

  /** GetRecords: "a maximum of 1 MB of data or 1000 stream records, whichever comes first". */
  static final int MAX_PAGE_BYTES = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] RECORDS_START = "{\"Records\":[".getBytes(StandardCharsets.US_ASCII);

  private final StreamDirectory directory;
  private final ShardIterators iterators;

  StreamsOperations(StreamDirectory directory, ShardIterators iterators) {
    this.directory = directory;
    this.iterators = iterators;
  }

  byte[] handle(String operation, JsonNode request) {
    return switch (operation) {
      case "ListStreams" -> listStreams(request);
      case "DescribeStream" -> describeStream(request);
      case "GetShardIterator" -> getShardIterator(request);
      case "GetRecords" -> getRecords(request);
      default -> throw ApiError.unknownOperation("Unknown operation " + operation);
    };
  }

  private byte[] listStreams(JsonNode request) {
    Optional<String> table = Parameters.optionalString(request, "TableName");
    int limit = Parameters.limit(request, MAX_LIST_LIMIT).orElse(MAX_LIST_LIMIT);
    Optional<String> exclusiveStart = Parameters.optionalString(request, "ExclusiveStartStreamArn");
    List<SimulatedStream> streams =
        directory.all().stream()
            .filter(stream -> table.isEmpty() || stream.tableName().equals(table.get()))
            .toList();
    int from = 0;
    if (exclusiveStart.isPresent()) {
      SimulatedStream start = directory.byArn(exclusiveStart.get());
      from = streams.indexOf(start) + 1;
    }
    int to = Math.min(streams.size(), from + limit);
    ObjectNode response = JSON.createObjectNode();
    ArrayNode list = response.putArray("Streams");
    for (SimulatedStream stream : streams.subList(from, to)) {
      list.addObject()
          .put("StreamArn", stream.streamArn())
          .put("TableName", stream.tableName())
          .put("StreamLabel", stream.streamLabel());
    }
    if (to < streams.size()) {
      response.put("LastEvaluatedStreamArn", streams.get(to - 1).streamArn());
    }
    return bytes(response);
  }

  private byte[] describeStream(JsonNode request) {
    SimulatedStream stream = directory.byArn(Parameters.requiredString(request, "StreamArn"));
    int limit = Parameters.limit(request, MAX_LIST_LIMIT).orElse(MAX_LIST_LIMIT);
    Optional<String> exclusiveStart = Parameters.optionalString(request, "ExclusiveStartShardId");
    Optional<String> childrenOf = Parameters.childShardsFilter(request);
    ShardTree tree = stream.tree();
    int startAfter = -1;
    if (exclusiveStart.isPresent()) {
      startAfter = tree.ordinal(exclusiveStart.get());
      if (startAfter < 0) {
        throw ApiError.resourceNotFound(
            "ExclusiveStartShardId "
                + exclusiveStart.get()
                + " is not a shard of "
                + stream.streamArn());
      }
    }
    int after = startAfter;
    List<ShardLog> shards =
        tree.topology().shards().stream()
            .filter(shard -> after < 0 || tree.ordinal(shard.id()) > after)
            .filter(shard -> childrenOf.isEmpty() || childrenOf.get().equals(shard.parentId()))
            .toList();
    ObjectNode description = JSON.createObjectNode();
    description
        .put("StreamArn", stream.streamArn())
        .put("StreamLabel", stream.streamLabel())
        .put("StreamStatus", stream.enabled() ? "ENABLED" : "DISABLED")
        .put("StreamViewType", stream.viewType().toString());
    description.putRawValue(
        "CreationRequestDateTime",
        new RawValue(RecordJson.epochSeconds(stream.createdAt().toEpochMilli())));
    description.put("TableName", stream.tableName());
    ArrayNode keySchema = description.putArray("KeySchema");
    keySchema.addObject().put("AttributeName", stream.spec().hashKey()).put("KeyType", "HASH");
    if (stream.spec().rangeKey() != null) {
      keySchema.addObject().put("AttributeName", stream.spec().rangeKey()).put("KeyType", "RANGE");
    }
    ArrayNode list = description.putArray("Shards");
    for (ShardLog shard : shards.subList(0, Math.min(limit, shards.size()))) {
      ObjectNode entry = list.addObject().put("ShardId", shard.id());
      if (shard.parentId() != null) {
        entry.put("ParentShardId", shard.parentId());
      }
      ObjectNode range = entry.putObject("SequenceNumberRange");
      range.put("StartingSequenceNumber", SequenceNumbers.format(shard.startingSequence()));
      long ending = shard.endingSequence();
      if (ending != 0) {
        range.put("EndingSequenceNumber", SequenceNumbers.format(ending));
      }
    }
    if (shards.size() > limit) {
      description.put("LastEvaluatedShardId", shards.get(limit - 1).id());
    }
    ObjectNode response = JSON.createObjectNode();
    response.set("StreamDescription", description);
    return bytes(response);
  }

  private byte[] getShardIterator(JsonNode request) {
    SimulatedStream stream = directory.byArn(Parameters.requiredString(request, "StreamArn"));
    String shardId = Parameters.requiredString(request, "ShardId");
    String type = Parameters.requiredString(request, "ShardIteratorType");
    ShardLog shard = shardOf(stream, shardId);
    long position =
        switch (type) {
          case "TRIM_HORIZON" -> shard.trimHorizon();
          case "LATEST" -> shard.size();
          case "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER" -> {
            String sequenceNumber = Parameters.requiredString(request, "SequenceNumber");
            long sequence =
                SequenceNumbers.parse(sequenceNumber)
                    .orElseThrow(
                        () ->
                            ApiError.validation(
                                "SequenceNumber must be a decimal number, not " + sequenceNumber));
            if (sequence > stream.tree().lastSequence()) {
              throw ApiError.validation(
                  "Invalid SequenceNumber " + sequenceNumber + ": no record has it yet");
            }
            yield shard.positionOf(sequenceNumber, sequence, type.startsWith("AFTER"));
          }
          default ->
              throw ApiError.validation(
                  "1 validation error detected: Value '"
                      + type
                      + "' at 'shardIteratorType' failed to satisfy constraint: Member must"
                      + " satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER,"
                      + " AFTER_SEQUENCE_NUMBER]");
        };
    ObjectNode response = JSON.createObjectNode();
    response.put("ShardIterator", iterators.issue(stream.streamArn(), shard.id(), position));
    return bytes(response);
  }

  private byte[] getRecords(JsonNode request) {
    String iterator = Parameters.requiredString(request, "ShardIterator");
    Optional<Integer> requestedLimit = Parameters.optionalInt(request, "Limit");
    if (requestedLimit.isPresent() && requestedLimit.get() < 1) {
      throw ApiError.validation("Limit must be at least 1, not " + requestedLimit.get());
    }
    if (requestedLimit.isPresent() && requestedLimit.get() > MAX_RECORDS) {
      // API reference, LimitExceededException: "GetRecords was called with a value of more than
      // 1000 for the limit request parameter."
      throw ApiError.limitExceeded(
          "Limit " + requestedLimit.get() + " is above GetRecords' upper limit of " + MAX_RECORDS);
    }
    ShardIterators.Position position = iterators.read(iterator);
    SimulatedStream stream = directory.byArn(position.streamArn());
    ShardLog shard = shardOf(stream, position.shardId());
    if (!shard.throttle().tryAcquire(System.nanoTime())) {
      throw ApiError.limitExceeded(
          "Rate exceeded for shard " + shard.id() + ": too many GetRecords calls a second");
    }
    ShardLog.Page page =
        shard.read(position.position(), requestedLimit.orElse(MAX_RECORDS), MAX_PAGE_BYTES);
    String next =
        page.ended() ? null : iterators.issue(stream.streamArn(), shard.id(), page.next());
    return recordsResponse(page, next);
  }

  /** Concatenates the records' stored JSON; nothing is serialised again. */
  private static byte[] recordsResponse(ShardLog.Page page, String nextIterator) {
    byte[] end =
        (nextIterator == null ? "]}" : "],\"NextShardIterator\":\"" + nextIterator + "\"}")
            .getBytes(StandardCharsets.US_ASCII);
    int commas = Math.max(0, page.records().size() - 1);
    byte[] body = new byte[RECORDS_START.length + page.bytes() + commas + end.length];
    System.arraycopy(RECORDS_START, 0, body, 0, RECORDS_START.length);
    int at = RECORDS_START.length;
    for (byte[] record : page.records()) {
      if (at > RECORDS_START.length) {
        body[at++] = ',';
      }
      System.arraycopy(record, 0, body, at, record.length);
      at += record.length;
    }
    System.arraycopy(end, 0, body, at, end.length);
    return body;
  }

  private static ShardLog shardOf(SimulatedStream stream, String shardId) {
    ShardLog shard = stream.tree().topology().shard(shardId);
    if (shard == null) {
      throw ApiError.resourceNotFound(
          "Requested resource not found: Shard "
              + shardId
              + " does not exist in stream "
              + stream.streamArn()
              + (stream.tree().ordinal(shardId) >= 0
                  ? " any more: its records passed the retention"
                  : ""));
    }
    return shard;
  }

  private static byte[] bytes(JsonNode response) {
    try {
      return JSON.writeValueAsBytes(response);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
