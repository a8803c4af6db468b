package io.github.ddbstreamworker.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * A snapshot's progress, in a table of its own beside the KCL's lease table ({@code
 * <APPLICATION_NAME>-Snapshot}; the KCL takes every row of its lease table for a lease): a header
 * row with the snapshot's start and its number of segments, and one row a segment with its owner,
 * when the owner's claim expires, the last key scanned, the items scanned and whether it is done.
 * Every change of a segment row is conditional on its owner, so two workers never scan one segment
 * at once, and a segment whose owner stopped renewing its claim is taken by another from its last
 * saved key.
 */
public final class ProgressTable {

  static final String SUFFIX = "-Snapshot";
  private static final Logger log = LoggerFactory.getLogger(ProgressTable.class);
  private static final String KEY = "part";
  private static final String HEADER = "header";
  private static final String SEGMENT_PREFIX = "segment-";
  private static final Duration CREATE_WAIT = Duration.ofMinutes(2);

  private final DynamoDbClient dynamoDb;
  private final String name;

  ProgressTable(DynamoDbClient dynamoDb, String applicationName) {
    this.dynamoDb = dynamoDb;
    this.name = name(applicationName);
  }

  /** The table's name for an application. */
  public static String name(String applicationName) {
    String name = applicationName + SUFFIX;
    return name.length() <= 255 ? name : name.substring(0, 255);
  }

  String name() {
    return name;
  }

  /** The snapshot as it began: its stream, start, segments and the table's item count then. */
  record Header(
      String streamArn,
      String tableName,
      Instant startedAt,
      int totalSegments,
      long itemCountAtStart,
      Optional<Instant> completedAt) {}

  /** One segment as last written. */
  record Segment(
      int segment,
      Optional<String> owner,
      long expiresAtMillis,
      Map<String, AttributeValue> lastKey,
      long items,
      double readCapacity,
      boolean done,
      long claims) {

    boolean heldAt(long nowMillis) {
      return !done && owner.isPresent() && expiresAtMillis > nowMillis;
    }
  }

  /** Creates the table, on demand, unless it exists; waits until it is active. */
  void createIfMissing() {
    try {
      dynamoDb.createTable(
          create ->
              create
                  .tableName(name)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName(KEY)
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .keySchema(
                      KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build()));
      log.info("created the snapshot's progress table {}", name);
    } catch (ResourceInUseException exists) {
      // Another worker created it, or an earlier run did.
    }
    long deadline = System.nanoTime() + CREATE_WAIT.toNanos();
    while (true) {
      try {
        if (dynamoDb.describeTable(describe -> describe.tableName(name)).table().tableStatus()
            == TableStatus.ACTIVE) {
          return;
        }
      } catch (ResourceNotFoundException notYet) {
        // Created a moment ago.
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the table " + name + " did not become active");
      }
      sleep(Duration.ofMillis(200));
    }
  }

  /**
   * Writes the header unless there is one, and returns the header that holds: the one written here
   * or the one of a snapshot that began before (a restart, or another worker).
   */
  Header begin(Header proposed) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(KEY, s(HEADER));
    item.put("streamArn", s(proposed.streamArn()));
    item.put("tableName", s(proposed.tableName()));
    item.put("startedAt", s(proposed.startedAt().toString()));
    item.put("totalSegments", n(proposed.totalSegments()));
    item.put("itemCountAtStart", n(proposed.itemCountAtStart()));
    try {
      dynamoDb.putItem(
          put ->
              put.tableName(name)
                  .item(item)
                  .conditionExpression("attribute_not_exists(#key)")
                  .expressionAttributeNames(Map.of("#key", KEY)));
      return proposed;
    } catch (ConditionalCheckFailedException begun) {
      return header().orElseThrow(() -> new IllegalStateException("header vanished from " + name));
    }
  }

  Optional<Header> header() {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(get -> get.tableName(name).key(Map.of(KEY, s(HEADER))).consistentRead(true))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Header(
            item.get("streamArn").s(),
            item.get("tableName").s(),
            Instant.parse(item.get("startedAt").s()),
            Integer.parseInt(item.get("totalSegments").n()),
            Long.parseLong(item.get("itemCountAtStart").n()),
            Optional.ofNullable(item.get("completedAt"))
                .map(AttributeValue::s)
                .map(Instant::parse)));
  }

  /** Records that every segment is done; the first worker to see it writes the time. */
  void complete(Instant at) {
    try {
      dynamoDb.updateItem(
          update ->
              update
                  .tableName(name)
                  .key(Map.of(KEY, s(HEADER)))
                  .updateExpression("SET #completed = :at")
                  .conditionExpression(
                      "attribute_exists(#key) AND attribute_not_exists(#completed)")
                  .expressionAttributeNames(Map.of("#key", KEY, "#completed", "completedAt"))
                  .expressionAttributeValues(Map.of(":at", s(at.toString()))));
    } catch (ConditionalCheckFailedException already) {
      // Another worker saw it first.
    }
  }

  /**
   * Claims a segment for {@code owner} until {@code expiresAt}: one nobody has claimed, whose
   * owner's claim expired, or already this owner's, and not done. Empty when another holds it or it
   * is done.
   */
  Optional<Segment> claim(int segment, String owner, long nowMillis, long expiresAtMillis) {
    try {
      Map<String, AttributeValue> after =
          dynamoDb
              .updateItem(
                  update ->
                      update
                          .tableName(name)
                          .key(segmentKey(segment))
                          .updateExpression(
                              "SET #owner = :owner, #expires = :expires, #segment = :segment,"
                                  + " #done = if_not_exists(#done, :false),"
                                  + " #items = if_not_exists(#items, :zero),"
                                  + " #rcu = if_not_exists(#rcu, :zero) ADD #claims :one")
                          .conditionExpression(
                              "attribute_not_exists(#key) OR (#done = :false AND"
                                  + " (attribute_not_exists(#owner) OR #expires < :now"
                                  + " OR #owner = :owner))")
                          .expressionAttributeNames(
                              Map.of(
                                  "#key", KEY,
                                  "#owner", "owner",
                                  "#expires", "expiresAt",
                                  "#segment", "segment",
                                  "#done", "done",
                                  "#items", "items",
                                  "#rcu", "readCapacity",
                                  "#claims", "claims"))
                          .expressionAttributeValues(
                              Map.of(
                                  ":owner", s(owner),
                                  ":expires", n(expiresAtMillis),
                                  ":segment", n(segment),
                                  ":false", AttributeValue.fromBool(false),
                                  ":zero", n(0),
                                  ":one", n(1),
                                  ":now", n(nowMillis)))
                          .returnValues(ReturnValue.ALL_NEW))
              .attributes();
      return Optional.of(segment(after));
    } catch (ConditionalCheckFailedException heldOrDone) {
      return Optional.empty();
    }
  }

  /**
   * Saves how far this owner scanned the segment and extends its claim; false when the claim was
   * lost to another worker, which then scans on from the key it found.
   *
   * @param lastKey the key to go on after; empty once the segment is done
   */
  boolean save(
      int segment,
      String owner,
      Map<String, AttributeValue> lastKey,
      long items,
      double readCapacity,
      long expiresAtMillis) {
    boolean done = lastKey.isEmpty();
    Map<String, String> names =
        Map.of(
            "#owner", "owner",
            "#expires", "expiresAt",
            "#done", "done",
            "#items", "items",
            "#rcu", "readCapacity",
            "#last", "lastKey");
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":owner", s(owner));
    values.put(":expires", n(expiresAtMillis));
    values.put(":done", AttributeValue.fromBool(done));
    values.put(":items", n(items));
    values.put(":rcu", AttributeValue.fromN(Double.toString(readCapacity)));
    String set = "SET #expires = :expires, #done = :done, #items = :items, #rcu = :rcu";
    if (done) {
      set += " REMOVE #last";
    } else {
      values.put(":last", AttributeValue.fromM(lastKey));
      set += ", #last = :last";
    }
    String expression = set;
    try {
      dynamoDb.updateItem(
          update ->
              update
                  .tableName(name)
                  .key(segmentKey(segment))
                  .updateExpression(expression)
                  .conditionExpression("#owner = :owner")
                  .expressionAttributeNames(names)
                  .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException lost) {
      return false;
    }
  }

  /** Extends this owner's claim; false when it was lost. */
  boolean renew(int segment, String owner, long expiresAtMillis) {
    try {
      dynamoDb.updateItem(
          update ->
              update
                  .tableName(name)
                  .key(segmentKey(segment))
                  .updateExpression("SET #expires = :expires")
                  .conditionExpression("#owner = :owner")
                  .expressionAttributeNames(Map.of("#owner", "owner", "#expires", "expiresAt"))
                  .expressionAttributeValues(
                      Map.of(":owner", s(owner), ":expires", n(expiresAtMillis))));
      return true;
    } catch (ConditionalCheckFailedException lost) {
      return false;
    }
  }

  /** Gives up this owner's claim, so another worker may take the segment at once. */
  void release(int segment, String owner) {
    try {
      dynamoDb.updateItem(
          update ->
              update
                  .tableName(name)
                  .key(segmentKey(segment))
                  .updateExpression("REMOVE #owner SET #expires = :zero")
                  .conditionExpression("#owner = :owner")
                  .expressionAttributeNames(Map.of("#owner", "owner", "#expires", "expiresAt"))
                  .expressionAttributeValues(Map.of(":owner", s(owner), ":zero", n(0))));
    } catch (ConditionalCheckFailedException notOurs) {
      // Taken by another worker meanwhile.
    }
  }

  /** Every segment row written so far, by segment. */
  List<Segment> segments() {
    List<Segment> segments = new ArrayList<>();
    dynamoDb
        .scanPaginator(scan -> scan.tableName(name).consistentRead(true))
        .items()
        .forEach(
            item -> {
              if (!HEADER.equals(item.get(KEY).s())) {
                segments.add(segment(item));
              }
            });
    segments.sort((a, b) -> Integer.compare(a.segment(), b.segment()));
    return segments;
  }

  /**
   * A segment row; attributes not written yet read as their starting values, as a row may be read
   * while its first claim is being written.
   */
  private static Segment segment(Map<String, AttributeValue> item) {
    AttributeValue lastKey = item.get("lastKey");
    AttributeValue owner = item.get("owner");
    AttributeValue done = item.get("done");
    return new Segment(
        Integer.parseInt(item.get(KEY).s().substring(SEGMENT_PREFIX.length())),
        Optional.ofNullable(owner).map(AttributeValue::s),
        number(item, "expiresAt"),
        lastKey == null ? Map.of() : lastKey.m(),
        number(item, "items"),
        item.containsKey("readCapacity") ? Double.parseDouble(item.get("readCapacity").n()) : 0,
        done != null && Boolean.TRUE.equals(done.bool()),
        number(item, "claims"));
  }

  private static long number(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
  }

  private static Map<String, AttributeValue> segmentKey(int segment) {
    return Map.of(KEY, s(String.format(SEGMENT_PREFIX + "%04d", segment)));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + duration, e);
    }
  }
}
