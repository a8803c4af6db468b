package io.github.ddbstreamworker.simulator;

import java.math.BigInteger;
import java.util.Optional;

/**
 * A stream's sequence numbers: one counter for all its shards, so a child's numbers are all above
 * its parent's, written as 21-digit decimal strings (the API's minimum length, as AWS sends them).
 */
final class SequenceNumbers {

  private static final BigInteger BASE = BigInteger.TEN.pow(20);
  private static final BigInteger TOP = BASE.add(BigInteger.valueOf(Long.MAX_VALUE));

  private long last;

  /** The next number; callers hold the stream's lock. */
  long next() {
    return ++last;
  }

  /** The number {@link #next()} returned last. */
  long current() {
    return last;
  }

  static String format(long value) {
    String digits = Long.toString(value);
    StringBuilder text = new StringBuilder(21).append('1');
    for (int i = digits.length(); i < 20; i++) {
      text.append('0');
    }
    return text.append(digits).toString();
  }

  /**
   * The counter value of a sequence number a client sent; numbers below every one this simulator
   * issues come back as 0, numbers above as {@link Long#MAX_VALUE}; empty if it is not a number.
   */
  static Optional<Long> parse(String text) {
    if (text == null || !text.matches("\\d{1,40}")) {
      return Optional.empty();
    }
    BigInteger value = new BigInteger(text);
    if (value.compareTo(BASE) <= 0) {
      return Optional.of(0L);
    }
    if (value.compareTo(TOP) >= 0) {
      return Optional.of(Long.MAX_VALUE);
    }
    return Optional.of(value.subtract(BASE).longValueExact());
  }
}
