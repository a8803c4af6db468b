package io.github.ddbstreamworker.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every stream the simulator has made, in creation order, by ARN; and each table's labels, so a
 * re-enabled stream never repeats one.
 */
final class StreamDirectory {

  private static final DateTimeFormatter LABEL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final List<SimulatedStream> streams = new CopyOnWriteArrayList<>();
  private final Map<String, SimulatedStream> byArn = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastLabel = new HashMap<>();

  List<SimulatedStream> all() {
    return streams;
  }

  /**
   * @throws ApiError ResourceNotFoundException for an unknown ARN
   */
  SimulatedStream byArn(String streamArn) {
    SimulatedStream stream = byArn.get(streamArn);
    if (stream == null) {
      throw ApiError.resourceNotFound(
          "Requested resource not found: Stream: " + streamArn + " not found");
    }
    return stream;
  }

  synchronized Optional<SimulatedStream> latest(String tableName) {
    SimulatedStream latest = null;
    for (SimulatedStream stream : streams) {
      if (stream.tableName().equals(tableName)) {
        latest = stream;
      }
    }
    return Optional.ofNullable(latest);
  }

  synchronized void add(SimulatedStream stream) {
    streams.add(stream);
    byArn.put(stream.streamArn(), stream);
  }

  /**
   * A stream label: the creation time as an ISO-8601 local timestamp in UTC, one millisecond later
   * than the table's previous label if the clock has not moved on.
   */
  synchronized String newLabel(String tableName, Instant now) {
    Instant previous = lastLabel.get(tableName);
    Instant label = now.truncatedTo(ChronoUnit.MILLIS);
    if (previous != null && !label.isAfter(previous)) {
      label = previous.plusMillis(1);
    }
    lastLabel.put(tableName, label);
    return LABEL.format(label);
  }
}
