package io.github.ddbstreamworker.simulator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One shard: its identity and lineage, and its records, each kept as the JSON bytes GetRecords
 * sends, so that a read only copies bytes. Records older than the retention are trimmed when the
 * shard is next touched; their memory goes a segment at a time.
 */
final class ShardLog {

  private static final int SEGMENT_BITS = 10;
  private static final int SEGMENT_SIZE = 1 << SEGMENT_BITS;

  private final String id;
  private final String parentId;
  private final KeyRange range;
  private final long createdMillis;
  private final long startingSequence;
  private final long retentionMillis;
  private final ReadThrottle throttle;

  private final List<Segment> segments = new ArrayList<>();
  private long droppedSegments;
  private long size;
  private long trimmed;
  private long lastMillis;
  private long lastTrimmedSequence;
  private volatile long endingSequence;
  private volatile long closedMillis;
  private final Clock clock;

  ShardLog(
      String id,
      String parentId,
      KeyRange range,
      long createdMillis,
      long startingSequence,
      long retentionMillis,
      int getRecordsPerSecond,
      Clock clock) {
    this.clock = clock;
    this.id = id;
    this.parentId = parentId;
    this.range = range;
    this.createdMillis = createdMillis;
    this.startingSequence = startingSequence;
    this.retentionMillis = retentionMillis;
    this.throttle = new ReadThrottle(getRecordsPerSecond);
  }

  String id() {
    return id;
  }

  String parentId() {
    return parentId;
  }

  KeyRange range() {
    return range;
  }

  long createdMillis() {
    return createdMillis;
  }

  long startingSequence() {
    return startingSequence;
  }

  /** 0 while the shard is open. */
  long endingSequence() {
    return endingSequence;
  }

  boolean open() {
    return endingSequence == 0;
  }

  ReadThrottle throttle() {
    return throttle;
  }

  /** A closed shard is gone once even its newest record is past the retention. */
  boolean expired(long nowMillis) {
    return !open() && nowMillis - closedMillis >= retentionMillis;
  }

  synchronized void append(byte[] json, long sequence, long millis) {
    if (!open()) {
      throw new IllegalStateException("shard " + id + " is closed");
    }
    int offset = (int) (size & (SEGMENT_SIZE - 1));
    if (offset == 0) {
      segments.add(new Segment());
    }
    Segment segment = segments.get(segments.size() - 1);
    lastMillis = Math.max(lastMillis, millis);
    segment.json[offset] = json;
    segment.sequence[offset] = sequence;
    segment.millis[offset] = lastMillis;
    size++;
  }

  synchronized void close(long endingSequence, long nowMillis) {
    this.closedMillis = nowMillis;
    this.endingSequence = endingSequence;
  }

  synchronized long size() {
    return size;
  }

  /** Position of the oldest record still kept: where TRIM_HORIZON starts. */
  synchronized long trimHorizon() {
    trim();
    return trimmed;
  }

  /**
   * Where AT_SEQUENCE_NUMBER ({@code after} false) or AFTER_SEQUENCE_NUMBER starts.
   *
   * @throws ApiError ValidationException for a number outside the shard, TrimmedDataAccessException
   *     for one older than the oldest kept record
   */
  synchronized long positionOf(String sequenceNumber, long sequence, boolean after) {
    long ending = endingSequence;
    if (sequence < startingSequence || (ending != 0 && sequence > ending)) {
      throw ApiError.validation(
          "Invalid SequenceNumber "
              + sequenceNumber
              + " for shard "
              + id
              + ": it is outside the shard's sequence number range");
    }
    trim();
    long low = trimmed;
    long high = size;
    while (low < high) {
      long middle = (low + high) >>> 1;
      long found = segmentOf(middle).sequence[offsetOf(middle)];
      if (found < sequence || (after && found == sequence)) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    if (sequence < lastTrimmedSequence || (!after && sequence == lastTrimmedSequence)) {
      throw ApiError.trimmedDataAccess(
          "Sequence number "
              + sequenceNumber
              + " in shard "
              + id
              + " is older than the stream's retention: its record was trimmed");
    }
    return low;
  }

  /**
   * Up to {@code limit} records from {@code position}, no more than {@code maxBytes} of JSON unless
   * one record alone is larger.
   *
   * @throws ApiError TrimmedDataAccessException if the position is behind the trim horizon
   */
  synchronized Page read(long position, int limit, int maxBytes) {
    trim();
    if (position < trimmed) {
      throw ApiError.trimmedDataAccess(
          "Attempted to access data past the trim horizon of shard "
              + id
              + ": the iterator's records were trimmed after the retention");
    }
    long end = Math.min(size, position + limit);
    List<byte[]> records = new ArrayList<>((int) (end - position));
    int bytes = 0;
    long next = position;
    while (next < end) {
      byte[] json = segmentOf(next).json[offsetOf(next)];
      if (!records.isEmpty() && bytes + json.length > maxBytes) {
        break;
      }
      records.add(json);
      bytes += json.length;
      next++;
    }
    return new Page(records, bytes, next, !open() && next >= size);
  }

  /** Drops what the retention has passed: called on every read and by the housekeeping tick. */
  synchronized void trim() {
    long cutoff = clock.millis() - retentionMillis;
    while (trimmed < size && segmentOf(trimmed).millis[offsetOf(trimmed)] < cutoff) {
      lastTrimmedSequence = segmentOf(trimmed).sequence[offsetOf(trimmed)];
      segmentOf(trimmed).json[offsetOf(trimmed)] = null;
      trimmed++;
    }
    while ((trimmed >>> SEGMENT_BITS) > droppedSegments
        && !segments.isEmpty()
        && droppedSegments < (size >>> SEGMENT_BITS)) {
      segments.remove(0);
      droppedSegments++;
    }
  }

  private Segment segmentOf(long position) {
    return segments.get((int) ((position >>> SEGMENT_BITS) - droppedSegments));
  }

  private static int offsetOf(long position) {
    return (int) (position & (SEGMENT_SIZE - 1));
  }

  /** Records read in one GetRecords call; {@code ended} when a closed shard has no more. */
  record Page(List<byte[]> records, int bytes, long next, boolean ended) {}

  private static final class Segment {
    final byte[][] json = new byte[SEGMENT_SIZE][];
    final long[] sequence = new long[SEGMENT_SIZE];
    final long[] millis = new long[SEGMENT_SIZE];
  }
}
