package io.github.ddbstreamworker.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link StreamSimulator} behaves: its port and the time rules AWS applies to every stream.
 *
 * @param port loopback port to listen on; 0 picks a free one
 * @param retention how long a record stays readable (AWS: 24 hours)
 * @param rolloverPeriod how long a shard stays open before it closes and a child takes over (AWS:
 *     about 4 hours, not documented); {@link Duration#ZERO} means never
 * @param iteratorLifetime how long a shard iterator can be used after it was issued (AWS: 15
 *     minutes)
 * @param getRecordsLimitPerShard GetRecords calls a second one shard answers before it throttles; 0
 *     turns the throttle off
 * @param region the region in stream ARNs and records
 * @param account the 12-digit account id in stream ARNs
 * @param clock the time of records, iterators, retention and rollover; a test may move it on
 */
public record SimulatorOptions(
    int port,
    Duration retention,
    Duration rolloverPeriod,
    Duration iteratorLifetime,
    int getRecordsLimitPerShard,
    String region,
    String account,
    Clock clock) {

  public SimulatorOptions {
    Objects.requireNonNull(clock, "clock");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0-65535, not " + port);
    }
    requirePositive("retention", retention);
    rolloverPeriod = rolloverPeriod == null ? Duration.ZERO : rolloverPeriod;
    if (rolloverPeriod.isNegative()) {
      throw new IllegalArgumentException("rollover period must not be negative");
    }
    requirePositive("iterator lifetime", iteratorLifetime);
    if (getRecordsLimitPerShard < 0) {
      throw new IllegalArgumentException(
          "GetRecords limit per shard must be 0 (off) or more, not " + getRecordsLimitPerShard);
    }
    if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
      throw new IllegalArgumentException("region must look like us-east-1, not " + region);
    }
    if (account == null || !account.matches("\\d{12}")) {
      throw new IllegalArgumentException("account must be 12 digits, not " + account);
    }
  }

  /** AWS's rules: 24 h retention, 4 h rollover, 15 min iterators, 5 GetRecords a second. */
  public static SimulatorOptions defaults() {
    return new SimulatorOptions(
        0,
        Duration.ofHours(24),
        Duration.ofHours(4),
        Duration.ofMinutes(15),
        5,
        "us-east-1",
        "123456789012",
        Clock.systemUTC());
  }

  public SimulatorOptions withPort(int port) {
    return new SimulatorOptions(
        port,
        retention,
        rolloverPeriod,
        iteratorLifetime,
        getRecordsLimitPerShard,
        region,
        account,
        clock);
  }

  public SimulatorOptions withRetention(Duration retention) {
    return new SimulatorOptions(
        port,
        retention,
        rolloverPeriod,
        iteratorLifetime,
        getRecordsLimitPerShard,
        region,
        account,
        clock);
  }

  /** {@code null} or {@link Duration#ZERO}: shards never roll over on their own. */
  public SimulatorOptions withRolloverPeriod(Duration rolloverPeriod) {
    return new SimulatorOptions(
        port,
        retention,
        rolloverPeriod,
        iteratorLifetime,
        getRecordsLimitPerShard,
        region,
        account,
        clock);
  }

  public SimulatorOptions withIteratorLifetime(Duration iteratorLifetime) {
    return new SimulatorOptions(
        port,
        retention,
        rolloverPeriod,
        iteratorLifetime,
        getRecordsLimitPerShard,
        region,
        account,
        clock);
  }

  /** 0 turns the throttle off. */
  public SimulatorOptions withGetRecordsLimitPerShard(int getRecordsLimitPerShard) {
    return new SimulatorOptions(
        port,
        retention,
        rolloverPeriod,
        iteratorLifetime,
        getRecordsLimitPerShard,
        region,
        account,
        clock);
  }

  public SimulatorOptions withRegion(String region) {
    return new SimulatorOptions(
        port,
        retention,
        rolloverPeriod,
        iteratorLifetime,
        getRecordsLimitPerShard,
        region,
        account,
        clock);
  }

  public SimulatorOptions withAccount(String account) {
    return new SimulatorOptions(
        port,
        retention,
        rolloverPeriod,
        iteratorLifetime,
        getRecordsLimitPerShard,
        region,
        account,
        clock);
  }

  public SimulatorOptions withClock(Clock clock) {
    return new SimulatorOptions(
        port,
        retention,
        rolloverPeriod,
        iteratorLifetime,
        getRecordsLimitPerShard,
        region,
        account,
        clock);
  }

  boolean rollsOver() {
    return !rolloverPeriod.isZero();
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
  }
}
