package io.github.ddbstreamworker.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * Issues and reads shard iterators. An iterator carries everything needed to resume (shard,
 * position, issue time), so the simulator keeps no state per iterator. Like AWS's, it starts with
 * the stream ARN; the rest is opaque to clients and guarded by a checksum. AWS: an iterator expires
 * 15 minutes after it is returned (API reference, GetShardIterator).
 */
final class ShardIterators {

  private static final String VERSION = "|1|";

  private final long lifetimeMillis;
  private final Clock clock;

  ShardIterators(long lifetimeMillis, Clock clock) {
    this.lifetimeMillis = lifetimeMillis;
    this.clock = clock;
  }

  String issue(String streamArn, String shardId, long position) {
    String payload = shardId + ':' + position + ':' + clock.millis();
    String guarded = payload + ':' + checksum(streamArn + payload);
    return streamArn
        + VERSION
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(guarded.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * @throws ApiError ValidationException for an iterator this simulator did not issue,
   *     ExpiredIteratorException for one older than the lifetime
   */
  Position read(String iterator) {
    int split = iterator.indexOf(VERSION);
    if (split <= 0) {
      throw invalid();
    }
    String streamArn = iterator.substring(0, split);
    String[] fields;
    try {
      fields =
          new String(
                  Base64.getUrlDecoder().decode(iterator.substring(split + VERSION.length())),
                  StandardCharsets.US_ASCII)
              .split(":");
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (fields.length != 4) {
      throw invalid();
    }
    String payload = fields[0] + ':' + fields[1] + ':' + fields[2];
    if (!Long.toString(checksum(streamArn + payload)).equals(fields[3])) {
      throw invalid();
    }
    long issuedMillis = Long.parseLong(fields[2]);
    long now = clock.millis();
    if (now - issuedMillis > lifetimeMillis) {
      throw ApiError.expiredIterator(
          "Iterator expired. The iterator was created at time "
              + issuedMillis
              + " while right now it is "
              + now
              + ", which is further in the future than the tolerated delay of "
              + lifetimeMillis
              + " milliseconds.");
    }
    return new Position(streamArn, fields[0], Long.parseLong(fields[1]));
  }

  private static ApiError invalid() {
    return ApiError.validation("Invalid ShardIterator: it was not issued by this endpoint");
  }

  private static long checksum(String text) {
    CRC32 crc = new CRC32();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  /** Where an iterator points: a shard of a stream and a record position in it. */
  record Position(String streamArn, String shardId, long position) {}
}
