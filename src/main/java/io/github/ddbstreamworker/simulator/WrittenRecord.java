package io.github.ddbstreamworker.simulator;

import java.time.Instant;

/**
 * Where a written change landed in the stream and when, for tests and latency measurements.
 *
 * @param createdAt wall-clock time of the append; its milliseconds are the record's
 *     ApproximateCreationDateTime
 * @param createdNanoTime {@link System#nanoTime()} at the append, to measure delivery latency in
 *     the same process
 */
public record WrittenRecord(
    String shardId,
    String sequenceNumber,
    String eventId,
    Instant createdAt,
    long createdNanoTime) {}
