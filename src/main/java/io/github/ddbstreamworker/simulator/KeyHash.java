package io.github.ddbstreamworker.simulator;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps a partition key value to a point of the key-hash space. DynamoDB partitions by the hash key
 * alone, so the sort key never takes part; numbers that are equal (1 and 1.0) hash alike.
 */
final class KeyHash {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private KeyHash() {}

  static long of(AttributeValue hashKey) {
    return switch (hashKey.type()) {
      case S -> of('S', hashKey.s().getBytes(StandardCharsets.UTF_8));
      case N ->
          of(
              'N',
              new BigDecimal(hashKey.n())
                  .stripTrailingZeros()
                  .toPlainString()
                  .getBytes(StandardCharsets.US_ASCII));
      case B -> of('B', hashKey.b().asByteArrayUnsafe());
      default ->
          throw new IllegalArgumentException(
              "a key attribute must be of type S, N or B, not " + hashKey.type());
    };
  }

  static long ofString(String value) {
    return of('S', value.getBytes(StandardCharsets.UTF_8));
  }

  /** FNV-1a, then MurmurHash3's finaliser so that keys differing in one digit spread widely. */
  private static long of(char type, byte[] bytes) {
    long hash = (FNV_OFFSET ^ type) * FNV_PRIME;
    for (byte b : bytes) {
      hash = (hash ^ (b & 0xff)) * FNV_PRIME;
    }
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb9fe1a85ec53L;
    hash ^= hash >>> 33;
    return hash & Long.MAX_VALUE;
  }
}
