package io.github.ddbstreamworker.follow;

import io.github.ddbstreamworker.aws.StreamNotFoundException;
import io.github.ddbstreamworker.aws.StreamResolver;
import io.github.ddbstreamworker.config.StreamSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides which stream to consume from the table's streams and the lease table: the stream the
 * fleet is on, until it is read to its end.
 *
 * <p>With TABLE_NAME: an earlier stream of the table that still has unread records comes first,
 * oldest first; then the table's current stream, from its start if the fleet read an earlier one.
 * With STREAM_ARN: that stream, always.
 */
public final class StreamPlanner {

  private final StreamHistory history;
  private final Supplier<LeaseLedger> leases;
  private final StreamResolver resolver;

  public StreamPlanner(
      StreamHistory history, Supplier<LeaseLedger> leases, StreamResolver resolver) {
    this.history = history;
    this.leases = leases;
    this.resolver = resolver;
  }

  /**
   * @throws StreamNotFoundException if there is no stream to consume: the table has no enabled
   *     stream and no earlier one with records left, or the table or stream does not exist
   */
  public StreamPlan plan(StreamSource source) {
    if (source instanceof StreamSource.Arn arn) {
      StreamShape stream =
          history
              .describe(arn.streamArn())
              .orElseThrow(() -> notFound(source, "stream " + arn.streamArn() + " not found"));
      return new StreamPlan(stream, false, List.of(), "the stream STREAM_ARN names");
    }
    String table = source.tableName();
    List<StreamShape> newestFirst = history.of(table);
    Optional<StreamShape> current = newestFirst.stream().filter(StreamShape::enabled).findFirst();
    LeaseLedger ledger = leases.get();
    List<String> finished = new ArrayList<>();
    for (StreamShape earlier : oldestFirst(newestFirst)) {
      if (earlier.enabled() || !ledger.holdsAnyOf(earlier)) {
        continue;
      }
      if (!ledger.readToTheEnd(earlier)) {
        return new StreamPlan(
            earlier,
            false,
            List.of(),
            "an earlier stream of table "
                + table
                + ", read to its end before "
                + current.map(StreamShape::streamArn).orElse("any later stream"));
      }
      finished.addAll(ledger.finishedLeasesOf(earlier));
    }
    StreamShape stream =
        current.orElseThrow(() -> notFound(source, "table '" + table + "' has no enabled stream"));
    boolean fromStart = !finished.isEmpty() && !ledger.holdsAnyOf(stream);
    return new StreamPlan(
        stream,
        fromStart,
        List.copyOf(finished),
        fromStart
            ? "the current stream of table " + table + ", from its start: earlier ones are read"
            : "the current stream of table " + table);
  }

  private static List<StreamShape> oldestFirst(List<StreamShape> newestFirst) {
    List<StreamShape> oldestFirst = new ArrayList<>(newestFirst);
    Collections.reverse(oldestFirst);
    return oldestFirst;
  }

  /** The resolver's message names the setting to check; this one is the fallback. */
  private StreamNotFoundException notFound(StreamSource source, String fallback) {
    try {
      resolver.resolve(source);
    } catch (StreamNotFoundException e) {
      return e;
    } catch (RuntimeException e) {
      // The resolver's lookup failed for another reason: the fallback says what is known.
    }
    return new StreamNotFoundException(fallback);
  }
}
