package io.github.ddbstreamworker.config;

import io.github.ddbstreamworker.core.Redaction;
import io.github.ddbstreamworker.core.filter.EventPatternFilter;
import io.github.ddbstreamworker.core.filter.FilterCriteria;
import io.github.ddbstreamworker.core.filter.InvalidFilterException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The worker's settings, read from one lookup (the environment in production, a map in tests).
 * Defaults live here, and every unusable setting is reported at once.
 */
public record WorkerSettings(
    StreamSource source,
    String applicationName,
    InitialPosition initialPosition,
    String workerId,
    Duration pollInterval,
    int maxRecords,
    CheckpointInterval checkpointInterval,
    EventPatternFilter filter,
    Redaction redaction) {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(125);
  public static final int DEFAULT_MAX_RECORDS = 1000;

  /** At most one lease-table write a second per shard at a steady rate. */
  public static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 1000;

  public static final Duration DEFAULT_CHECKPOINT_INTERVAL =
      Duration.ofMillis(DEFAULT_CHECKPOINT_INTERVAL_MS);

  /**
   * One default batch: a shard catching up on a backlog is still checkpointed every page, so a
   * crash then repeats at most about two batches, not a second's worth of a drain.
   */
  public static final long DEFAULT_CHECKPOINT_INTERVAL_RECORDS = 1000;

  static final String APPLICATION_NAME_PREFIX = "ddb-stream-worker-";

  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
  private static final long MIN_POLL_INTERVAL_MS = 10;
  private static final long MAX_POLL_INTERVAL_MS = 300_000;
  private static final int MAX_RECORDS_LIMIT = 1000;
  private static final int MAX_WORKER_ID_LENGTH = 256;
  private static final long MAX_CHECKPOINT_INTERVAL_MS = 300_000;
  private static final long MAX_CHECKPOINT_INTERVAL_RECORDS = 1_000_000;

  /**
   * Builds the settings from a lookup of setting names ({@link Setting#env()}) to raw values.
   *
   * @throws InvalidSettingsException naming every setting that is missing or unusable
   */
  public static WorkerSettings from(Function<String, String> lookup) {
    Reader reader = new Reader(lookup);
    StreamSource source = reader.streamSource();
    String applicationName = reader.applicationName(source);
    InitialPosition initialPosition = reader.initialPosition();
    String workerId = reader.workerId();
    long pollIntervalMs =
        reader.longInRange(
            Setting.POLL_INTERVAL_MS,
            DEFAULT_POLL_INTERVAL.toMillis(),
            MIN_POLL_INTERVAL_MS,
            MAX_POLL_INTERVAL_MS);
    int maxRecords =
        (int) reader.longInRange(Setting.MAX_RECORDS, DEFAULT_MAX_RECORDS, 1, MAX_RECORDS_LIMIT);
    long checkpointIntervalMs =
        reader.longInRange(
            Setting.CHECKPOINT_INTERVAL_MS,
            DEFAULT_CHECKPOINT_INTERVAL.toMillis(),
            0,
            MAX_CHECKPOINT_INTERVAL_MS);
    long checkpointIntervalRecords = reader.checkpointIntervalRecords();
    EventPatternFilter filter = reader.filter();
    Redaction redaction = reader.redaction();
    reader.throwIfInvalid();
    return new WorkerSettings(
        source,
        applicationName,
        initialPosition,
        workerId,
        Duration.ofMillis(pollIntervalMs),
        maxRecords,
        new CheckpointInterval(Duration.ofMillis(checkpointIntervalMs), checkpointIntervalRecords),
        filter,
        redaction);
  }

  /** Default application name: derived from the table so each table gets its own lease table. */
  static String defaultApplicationName(String tableName) {
    String name = APPLICATION_NAME_PREFIX + tableName;
    return name.length() <= 255 ? name : name.substring(0, 255);
  }

  private static final class Reader {
    private final SettingValues values;

    Reader(Function<String, String> lookup) {
      this.values = new SettingValues(lookup);
    }

    String raw(Setting setting) {
      return values.raw(setting);
    }

    long longInRange(Setting setting, long defaultValue, long min, long max) {
      return values.longInRange(setting, defaultValue, min, max);
    }

    StreamSource streamSource() {
      String table = raw(Setting.TABLE_NAME);
      String arn = raw(Setting.STREAM_ARN);
      if (table == null && arn == null) {
        values.problem(
            "TABLE_NAME or STREAM_ARN is required (flags --table-name / --stream-arn):"
                + " the table whose stream to consume, or the stream's ARN");
        return null;
      }
      if (table != null && arn != null) {
        values.problem(
            "TABLE_NAME and STREAM_ARN are both set: set only one (TABLE_NAME uses the table's"
                + " latest stream, STREAM_ARN one specific stream)");
        return null;
      }
      if (table != null) {
        if (!TABLE_NAME.matcher(table).matches()) {
          values.problem(
              "TABLE_NAME='"
                  + table
                  + "' is not a DynamoDB table name: 3 to 255 characters of A-Z a-z 0-9 _ . -");
          return null;
        }
        return new StreamSource.Table(table);
      }
      if (!StreamArns.isValid(arn)) {
        values.problem(
            "STREAM_ARN='"
                + arn
                + "' is not a DynamoDB stream ARN: expected"
                + " arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>");
        return null;
      }
      return new StreamSource.Arn(arn);
    }

    String applicationName(StreamSource source) {
      String name = raw(Setting.APPLICATION_NAME);
      if (name == null) {
        return source == null ? null : defaultApplicationName(source.tableName());
      }
      if (!TABLE_NAME.matcher(name).matches()) {
        values.problem(
            "APPLICATION_NAME='"
                + name
                + "' cannot name a lease table: 3 to 255 characters of A-Z a-z 0-9 _ . -");
      }
      return name;
    }

    InitialPosition initialPosition() {
      String value = raw(Setting.INITIAL_POSITION);
      if (value == null) {
        return InitialPosition.TRIM_HORIZON;
      }
      try {
        return InitialPosition.valueOf(value);
      } catch (IllegalArgumentException e) {
        values.problem(
            "INITIAL_POSITION='"
                + value
                + "' is not accepted: use one of "
                + Arrays.toString(InitialPosition.values()));
        return null;
      }
    }

    String workerId() {
      String value = raw(Setting.WORKER_ID);
      if (value == null) {
        return defaultWorkerId();
      }
      if (value.length() > MAX_WORKER_ID_LENGTH) {
        values.problem(
            "WORKER_ID is " + value.length() + " characters long: at most 256 are accepted");
      }
      return value;
    }

    long checkpointIntervalRecords() {
      String value = raw(Setting.CHECKPOINT_INTERVAL_RECORDS);
      if (value == null) {
        return DEFAULT_CHECKPOINT_INTERVAL_RECORDS;
      }
      try {
        long records = Long.parseLong(value);
        if (records == CheckpointInterval.NO_RECORD_BOUND
            || (records >= 1 && records <= MAX_CHECKPOINT_INTERVAL_RECORDS)) {
          return records;
        }
      } catch (NumberFormatException e) {
        // reported below, with what is accepted
      }
      values.problem(
          "CHECKPOINT_INTERVAL_RECORDS='"
              + value
              + "' is not accepted: -1 (no record bound) or a whole number from 1 to "
              + MAX_CHECKPOINT_INTERVAL_RECORDS);
      return DEFAULT_CHECKPOINT_INTERVAL_RECORDS;
    }

    EventPatternFilter filter() {
      String criteria = raw(Setting.FILTER_CRITERIA);
      try {
        return FilterCriteria.parse(criteria == null ? FilterCriteria.DEFAULT : criteria);
      } catch (InvalidFilterException e) {
        e.problems().forEach(problem -> values.problem("FILTER_CRITERIA " + problem));
        return null;
      }
    }

    Redaction redaction() {
      String value = raw(Setting.REDACT_ATTRIBUTES);
      try {
        return Redaction.parse(value);
      } catch (IllegalArgumentException e) {
        values.problem(
            "REDACT_ATTRIBUTES='"
                + value
                + "' is not a comma-separated list of attribute paths (email,card.number): "
                + e.getMessage());
        return null;
      }
    }

    void throwIfInvalid() {
      values.throwIfInvalid();
    }
  }

  private static String defaultWorkerId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "worker";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
