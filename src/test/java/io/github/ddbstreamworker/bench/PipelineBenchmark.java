package io.github.ddbstreamworker.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.ItemLineFormatter;
import io.github.ddbstreamworker.core.ItemSink;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.core.RecordSource;
import io.github.ddbstreamworker.core.Redaction;
import io.github.ddbstreamworker.core.filter.FilterCriteria;
import io.github.ddbstreamworker.testsupport.StreamRecords;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Items per second through the core pipeline ({@link RecordPipeline#process}: default filter,
 * optional redaction, one JSON line to a sink), one thread, records built once in {@link #setUp}.
 * The bar is 10,000 typical items/s: a shard carries at most about 1,000 records/s, and the core
 * should never be what limits one.
 *
 * <p>Run all of them (about two minutes; the table is JMH's, scores are items/s, and a copy goes to
 * {@code target/jmh/pipeline.csv}):
 *
 * <pre>./mvnw -q -Pjmh test-compile exec:exec</pre>
 *
 * Other JMH options and a benchmark pattern pass through, for example the allocation per item of
 * one benchmark: {@code ./mvnw -q -Pjmh test-compile exec:exec -Djmh.args="-prof gc
 * pipelineTypicalInsert"}. On a busy machine the typical-item benchmarks can still be warming up
 * after the default three warm-up iterations; if their measured iterations keep climbing, add
 * {@code -wi 6}.
 *
 * <p>The {@code floorJackson*} benchmarks serialise the same item with a plain {@link ObjectMapper}
 * from a map of ready-made Java values (strings, BigDecimals, lists, base64 text), the cheapest
 * honest way to the same item JSON; {@link #setUp} checks that both write the same item. The
 * pipeline does more than the floor: it runs the filter, converts typed attribute values, keeps N
 * digits exactly as DynamoDB sent them, and writes the envelope (event, table, shard, sequence
 * number, time, keys). So pipeline time over floor time is an upper bound on the pipeline's
 * overhead, not a like-for-like comparison.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class PipelineBenchmark {

  static final RecordSource SOURCE =
      new RecordSource(
          "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-02T03:04:00.000",
          "orders",
          "shardId-00000001767323040000-1a2b3c4d");

  private final ObjectMapper objectMapper = new ObjectMapper();
  private final CharCountingSink sink = new CharCountingSink();
  private final EventCounts counts = new EventCounts();
  private final RecordPipeline pipeline =
      new RecordPipeline(FilterCriteria.defaultFilter(), sink, counts);
  private final RecordPipeline redactingPipeline =
      new RecordPipeline(
          FilterCriteria.defaultFilter(), Redaction.parse("email,card.number"), sink, counts);

  private Record smallInsert;
  private Record typicalInsert;
  private Record typicalModify;
  private Map<String, Object> smallPlain;
  private Map<String, Object> typicalPlain;

  @Setup
  public void setUp() throws JsonProcessingException {
    Map<String, AttributeValue> small = smallItem();
    Map<String, AttributeValue> typical = typicalItem();
    smallInsert = StreamRecords.insert("4421584500000000017450439091", small);
    typicalInsert = StreamRecords.insert("4421584500000000017450439092", typical);
    // With NEW_AND_OLD_IMAGES a MODIFY carries both images, and the filter sees both.
    typicalModify =
        typicalInsert.toBuilder()
            .eventName(OperationType.MODIFY)
            .dynamodb(typicalInsert.dynamodb().toBuilder().oldImage(typical).build())
            .build();
    smallPlain = plainItem(small);
    typicalPlain = plainItem(typical);

    checkFloorWritesTheSameItem(smallInsert, smallPlain);
    checkFloorWritesTheSameItem(typicalInsert, typicalPlain);
    if (pipeline.process(typicalModify, SOURCE) != EventCounts.Outcome.FILTERED) {
      throw new IllegalStateException("the default filter should leave out a MODIFY");
    }
  }

  @Benchmark
  public EventCounts.Outcome pipelineSmallInsert() {
    return pipeline.process(smallInsert, SOURCE);
  }

  @Benchmark
  public EventCounts.Outcome pipelineTypicalInsert() {
    return pipeline.process(typicalInsert, SOURCE);
  }

  @Benchmark
  public EventCounts.Outcome pipelineFilteredModify() {
    return pipeline.process(typicalModify, SOURCE);
  }

  @Benchmark
  public EventCounts.Outcome pipelineRedactedInsert() {
    return redactingPipeline.process(typicalInsert, SOURCE);
  }

  @Benchmark
  public String floorJacksonSmall() throws JsonProcessingException {
    return objectMapper.writeValueAsString(smallPlain);
  }

  @Benchmark
  public String floorJacksonTypical() throws JsonProcessingException {
    return objectMapper.writeValueAsString(typicalPlain);
  }

  /** Four attributes: the key, a price, a flag and a short note. */
  private static Map<String, AttributeValue> smallItem() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("id", AttributeValue.fromS("order-1001"));
    item.put("price", AttributeValue.fromN("19.99"));
    item.put("inStock", AttributeValue.fromBool(true));
    item.put("note", AttributeValue.fromS("leave at the door"));
    return item;
  }

  /**
   * An order of about 1 KB as item JSON (1.3 KB as a whole line), with every kind of value the
   * writer handles: nested maps, a list of maps, string and number sets, binary, a 38-digit number
   * and a NULL.
   */
  static Map<String, AttributeValue> typicalItem() {
    byte[] thumbnail = new byte[96];
    new Random(42).nextBytes(thumbnail);
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("id", AttributeValue.fromS("order-7f3c9a2e-5b1d-4e8a-9c6f-2d4b8e1a7c35"));
    item.put("customerId", AttributeValue.fromS("customer-000184467"));
    item.put("email", AttributeValue.fromS("ana.garcia@example.com"));
    item.put("status", AttributeValue.fromS("PAID"));
    item.put("createdAt", AttributeValue.fromS("2026-01-02T03:04:00.123Z"));
    item.put("total", AttributeValue.fromN("184.97"));
    item.put("ledgerSequence", AttributeValue.fromN("12345678901234567890123456789012345678"));
    item.put("giftWrap", AttributeValue.fromBool(false));
    item.put("coupon", AttributeValue.fromNul(true));
    item.put(
        "card",
        AttributeValue.fromM(
            map(
                "number", AttributeValue.fromS("4111111111111111"),
                "expiry", AttributeValue.fromS("12/29"),
                "holder", AttributeValue.fromS("Ana Garcia"))));
    item.put(
        "shipping",
        AttributeValue.fromM(
            map(
                "street", AttributeValue.fromS("Calle de Alcalá 123, 4º B"),
                "city", AttributeValue.fromS("Madrid"),
                "postalCode", AttributeValue.fromS("28009"),
                "country", AttributeValue.fromS("ES"),
                "geo",
                    AttributeValue.fromM(
                        map(
                            "lat", AttributeValue.fromN("40.4203"),
                            "lon", AttributeValue.fromN("-3.6887"))))));
    item.put(
        "lines",
        AttributeValue.fromL(
            List.of(
                orderLine("SKU-10001", "Trail running shoes", "1", "129.99"),
                orderLine("SKU-20417", "Merino socks, 3 pairs", "2", "19.99"),
                orderLine("SKU-31175", "Water bottle 750 ml", "1", "15.00"))));
    item.put("tags", AttributeValue.fromSs(List.of("gift", "express", "first-order")));
    item.put("sizes", AttributeValue.fromNs(List.of("38", "39.5", "40")));
    item.put("thumbnail", AttributeValue.fromB(SdkBytes.fromByteArray(thumbnail)));
    return item;
  }

  private static AttributeValue orderLine(
      String sku, String name, String quantity, String unitPrice) {
    return AttributeValue.fromM(
        map(
            "sku", AttributeValue.fromS(sku),
            "name", AttributeValue.fromS(name),
            "quantity", AttributeValue.fromN(quantity),
            "unitPrice", AttributeValue.fromN(unitPrice)));
  }

  /** Name-value pairs in the order given. */
  private static Map<String, AttributeValue> map(Object... namesAndValues) {
    Map<String, AttributeValue> map = new LinkedHashMap<>();
    for (int index = 0; index < namesAndValues.length; index += 2) {
      map.put((String) namesAndValues[index], (AttributeValue) namesAndValues[index + 1]);
    }
    return map;
  }

  /** The item as plain Java values, which Jackson writes as the same JSON the pipeline does. */
  private static Map<String, Object> plainItem(Map<String, AttributeValue> item) {
    Map<String, Object> plain = new LinkedHashMap<>();
    item.forEach((name, value) -> plain.put(name, plainValue(value)));
    return plain;
  }

  private static Object plainValue(AttributeValue value) {
    return switch (value.type()) {
      case S -> value.s();
      case N -> new BigDecimal(value.n());
      case B -> base64(value.b());
      case BOOL -> value.bool();
      case NUL -> null;
      case M -> plainItem(value.m());
      case L -> value.l().stream().map(PipelineBenchmark::plainValue).toList();
      case SS -> value.ss();
      case NS -> value.ns().stream().map(BigDecimal::new).toList();
      case BS -> value.bs().stream().map(PipelineBenchmark::base64).toList();
      default -> throw new IllegalArgumentException("unknown attribute type " + value.type());
    };
  }

  private static String base64(SdkBytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe());
  }

  /** A floor that wrote a different item would not be a floor. */
  private void checkFloorWritesTheSameItem(Record record, Map<String, Object> plain)
      throws JsonProcessingException {
    JsonNode line = objectMapper.readTree(new ItemLineFormatter().format(record, SOURCE));
    JsonNode floor = objectMapper.readTree(objectMapper.writeValueAsString(plain));
    if (!line.get("item").equals(floor)) {
      throw new IllegalStateException(
          "the floor writes " + floor + " but the pipeline writes " + line.get("item"));
    }
  }

  /** Counts characters only, so every line must be built but none is kept. */
  private static final class CharCountingSink implements ItemSink {

    private long chars;

    @Override
    public void accept(String line) {
      chars += line.length();
    }

    @Override
    public void flush() {}
  }
}
