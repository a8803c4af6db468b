package io.github.ddbstreamworker.testsupport;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ddbstreamworker.core.ItemSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;

/** Keeps the item lines a worker writes, for assertions. */
public final class RecordingSink implements ItemSink {

  public static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void accept(String line) {
    lines.add(line);
  }

  @Override
  public void flush() {}

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public List<JsonNode> items() {
    return lines.stream().map(RecordingSink::parse).toList();
  }

  /** Waits until at least {@code count} lines arrived, then returns all of them parsed. */
  public List<JsonNode> awaitItems(int count, Duration timeout) {
    Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> lines.size() >= count);
    return items();
  }

  public static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
