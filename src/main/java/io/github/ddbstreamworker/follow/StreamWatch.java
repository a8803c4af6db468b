package io.github.ddbstreamworker.follow;

import io.github.ddbstreamworker.aws.StreamNotFoundException;
import io.github.ddbstreamworker.config.StreamSource;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the stream being consumed and says what to do: keep reading it, switch to the table's
 * next stream once it is read to its end, or end. Each change is logged once.
 */
public final class StreamWatch {

  private static final Logger log = LoggerFactory.getLogger(StreamWatch.class);

  /** What to do after a look. */
  public sealed interface Verdict {}

  /** Keep reading the current stream. */
  public record Keep() implements Verdict {}

  /** The current stream is read to its end: consume this one next. */
  public record Switch(StreamPlan next) implements Verdict {}

  /** Nothing is left to consume: stop, reporting why. */
  public record End(String reason) implements Verdict {}

  private final StreamSource source;
  private final StreamHistory history;
  private final Supplier<LeaseLedger> leases;
  private final StreamPlanner planner;
  private String noticedEndOf;

  public StreamWatch(
      StreamSource source,
      StreamHistory history,
      Supplier<LeaseLedger> leases,
      StreamPlanner planner) {
    this.source = source;
    this.history = history;
    this.leases = leases;
    this.planner = planner;
  }

  /**
   * One look at the stream being consumed: one DescribeStream call while it is enabled, every shard
   * only once it is not (a stream of a busy table lists thousands of shards, 100 a call).
   */
  public Verdict check(StreamPlan current) {
    String arn = current.stream().streamArn();
    if (history.enabled(arn).orElse(false)) {
      return new Keep();
    }
    Optional<StreamShape> now = history.describe(arn);
    if (now.isPresent() && now.get().enabled()) {
      return new Keep();
    }
    noticeOnce(current.stream(), now);
    if (now.isPresent() && !leases.get().readToTheEnd(now.get())) {
      return new Keep();
    }
    return next(current, now.isPresent());
  }

  private Verdict next(StreamPlan current, boolean stillListed) {
    String arn = current.stream().streamArn();
    String table = current.stream().tableName();
    String what =
        stillListed
            ? "every record of stream " + arn + " of table " + table + " is read"
            : "stream " + arn + " of table " + table + " no longer exists";
    if (source instanceof StreamSource.Arn) {
      return new End(
          "StreamEnded: "
              + what
              + " (the stream was disabled or its table deleted); set STREAM_ARN to the table's"
              + " new stream, or set TABLE_NAME instead to follow the table's streams");
    }
    try {
      StreamPlan next = planner.plan(source);
      log.atInfo()
          .addKeyValue("table", table)
          .addKeyValue("from", arn)
          .addKeyValue("to", next.stream().streamArn())
          .addKeyValue("fromStart", next.fromStart())
          .log("stream read to its end; consuming {} next", next.why());
      return new Switch(next);
    } catch (StreamNotFoundException e) {
      return new End(
          "StreamEnded: " + what + ", and there is no stream to follow: " + e.getMessage());
    }
  }

  private void noticeOnce(StreamShape stream, Optional<StreamShape> now) {
    if (stream.streamArn().equals(noticedEndOf)) {
      return;
    }
    noticedEndOf = stream.streamArn();
    String then =
        source instanceof StreamSource.Arn
            ? "then the worker stops: STREAM_ARN names this stream only"
            : "then the worker follows the table's next stream";
    String state =
        now.map(
                shape ->
                    "the stream is "
                        + shape.status()
                        + " (disabled, or its table deleted): reading the records it still holds, "
                        + then)
            .orElse("the stream no longer exists, and records not read by now are lost; " + then);
    log.atWarn()
        .addKeyValue("table", stream.tableName())
        .addKeyValue("streamArn", stream.streamArn())
        .log(state);
  }
}
