package io.github.ddbstreamworker.follow;

import io.github.ddbstreamworker.aws.ResolvedStream;
import java.util.List;

/**
 * The stream to consume, and how.
 *
 * @param fromStart read the stream's new shards from their oldest record whatever INITIAL_POSITION
 *     says: the fleet read an earlier stream of the table to its end, and this one continues it
 * @param finishedLeases leases of earlier streams, read to their end, to delete before starting
 * @param why the stream's place in the table's history, for the log and {@code status}
 */
public record StreamPlan(
    StreamShape stream, boolean fromStart, List<String> finishedLeases, String why) {

  public ResolvedStream resolved() {
    return new ResolvedStream(stream.streamArn(), stream.tableName(), stream.viewType());
  }
}
