package io.github.ddbstreamworker.config;

import io.github.ddbstreamworker.core.Redaction;
import io.github.ddbstreamworker.core.filter.EventPatternFilter;
import io.github.ddbstreamworker.logging.LogFormat;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The worker's settings ({@link Setting.Group#SOURCE} and {@link Setting.Group#WORKER}), read from
 * one lookup (the environment in production, a map in tests); every unusable one is reported at
 * once.
 */
public final class WorkerSettings {

  public static final long DEFAULT_CHECKPOINT_INTERVAL_MS =
      Setting.CHECKPOINT_INTERVAL_MS.defaultValue();

  public static final Duration DEFAULT_CHECKPOINT_INTERVAL =
      Duration.ofMillis(DEFAULT_CHECKPOINT_INTERVAL_MS);

  public static final long DEFAULT_CHECKPOINT_INTERVAL_RECORDS =
      Setting.CHECKPOINT_INTERVAL_RECORDS.defaultValue();

  static final String APPLICATION_NAME_PREFIX = "ddb-stream-worker-";

  private final SettingValues values;
  private final StreamSource source;
  private final Instant streamStart;

  private WorkerSettings(SettingValues values, StreamSource source, Instant streamStart) {
    this.values = values;
    this.source = source;
    this.streamStart = streamStart;
  }

  /**
   * Builds the settings from a lookup of setting names ({@link Setting#env()}) to raw values.
   *
   * @throws InvalidSettingsException naming every setting that is missing or unusable
   */
  public static WorkerSettings from(Function<String, String> lookup) {
    return from(lookup, Clock.systemUTC());
  }

  /**
   * As {@link #from(Function)}, with the clock that fixes the worker's start, from which an
   * INITIAL_TIMESTAMP duration counts back.
   */
  public static WorkerSettings from(Function<String, String> lookup, Clock clock) {
    SettingValues values = new SettingValues(lookup);
    StreamSource source = streamSource(values);
    values.readAll(Setting.Group.WORKER);
    initialTimestamp(values, clock.instant());
    snapshotOnly(values);
    if (values.text(Setting.APPLICATION_NAME) == null && source != null) {
      values.derive(Setting.APPLICATION_NAME, defaultApplicationName(source.tableName()));
    }
    if (values.text(Setting.WORKER_ID) == null) {
      values.derive(Setting.WORKER_ID, defaultWorkerId());
    }
    values.throwIfInvalid();
    return new WorkerSettings(values, source, null);
  }

  /**
   * These settings with records created before {@code start} left out of shards without a
   * checkpoint, as INITIAL_TIMESTAMP would: how the stream follows a snapshot that began then.
   */
  public WorkerSettings startingStreamAt(Instant start) {
    return new WorkerSettings(values, source, start);
  }

  public StreamSource source() {
    return source;
  }

  public String applicationName() {
    return values.get(Setting.APPLICATION_NAME);
  }

  public InitialPosition initialPosition() {
    return values.get(Setting.INITIAL_POSITION);
  }

  /**
   * When records start on a shard without a checkpoint, with INITIAL_POSITION=AT_TIMESTAMP; empty
   * otherwise.
   */
  public Optional<Instant> startTime() {
    if (streamStart != null) {
      return Optional.of(streamStart);
    }
    return Optional.ofNullable(values.get(Setting.INITIAL_TIMESTAMP))
        .map(InitialTimestamp::instant);
  }

  /** The snapshot to take before the stream, with INITIAL_POSITION=SNAPSHOT; empty otherwise. */
  public Optional<SnapshotSettings> snapshot() {
    if (initialPosition() != InitialPosition.SNAPSHOT) {
      return Optional.empty();
    }
    return Optional.of(
        new SnapshotSettings(
            values.get(Setting.SNAPSHOT_SEGMENTS), values.get(Setting.SNAPSHOT_READ_CAPACITY)));
  }

  public String workerId() {
    return values.get(Setting.WORKER_ID);
  }

  public Duration pollInterval() {
    return Duration.ofMillis(values.get(Setting.POLL_INTERVAL_MS));
  }

  public int maxRecords() {
    return values.get(Setting.MAX_RECORDS);
  }

  public CheckpointInterval checkpointInterval() {
    return new CheckpointInterval(
        Duration.ofMillis(values.get(Setting.CHECKPOINT_INTERVAL_MS)),
        values.get(Setting.CHECKPOINT_INTERVAL_RECORDS));
  }

  public EventPatternFilter filter() {
    return values.get(Setting.FILTER_CRITERIA);
  }

  public Redaction redaction() {
    return values.get(Setting.REDACT_ATTRIBUTES);
  }

  /** The log format asked for; empty when LOG_FORMAT is unset and the command picks. */
  public Optional<LogFormat> logFormat() {
    return Optional.ofNullable(values.get(Setting.LOG_FORMAT));
  }

  /**
   * The value of any {@link Setting.Group#WORKER} setting.
   *
   * @throws IllegalArgumentException for a setting of another group
   */
  public <T> T get(Setting<T> setting) {
    return values.get(setting);
  }

  /** Every worker setting by its log key, as given or as defaulted, for the start-up log line. */
  public Map<String, String> shown() {
    return values.shownByLogKey(Setting.Group.WORKER);
  }

  /** Default application name: derived from the table so each table gets its own lease table. */
  static String defaultApplicationName(String tableName) {
    String name = APPLICATION_NAME_PREFIX + tableName;
    return name.length() <= 255 ? name : name.substring(0, 255);
  }

  /** Exactly one of TABLE_NAME and STREAM_ARN; when both are set neither is checked further. */
  private static StreamSource streamSource(SettingValues values) {
    boolean table = values.text(Setting.TABLE_NAME) != null;
    boolean arn = values.text(Setting.STREAM_ARN) != null;
    if (!table && !arn) {
      values.problem(
          "TABLE_NAME or STREAM_ARN is required (flags "
              + Setting.TABLE_NAME.flag()
              + " / "
              + Setting.STREAM_ARN.flag()
              + "): the table whose stream to consume, or the stream's ARN");
      return null;
    }
    if (table && arn) {
      values.problem(
          "TABLE_NAME and STREAM_ARN are both set: set only one (TABLE_NAME uses the table's"
              + " latest stream, STREAM_ARN one specific stream)");
      return null;
    }
    if (table) {
      String name = values.read(Setting.TABLE_NAME);
      return name == null ? null : new StreamSource.Table(name);
    }
    String streamArn = values.read(Setting.STREAM_ARN);
    return streamArn == null ? null : new StreamSource.Arn(streamArn);
  }

  /**
   * INITIAL_TIMESTAMP goes with AT_TIMESTAMP and only with it; a duration becomes an instant here.
   */
  private static void initialTimestamp(SettingValues values, Instant workerStart) {
    InitialPosition position = values.get(Setting.INITIAL_POSITION);
    InitialTimestamp timestamp = values.get(Setting.INITIAL_TIMESTAMP);
    if (position == InitialPosition.AT_TIMESTAMP
        && values.text(Setting.INITIAL_TIMESTAMP) == null) {
      values.problem(
          "INITIAL_POSITION=AT_TIMESTAMP needs INITIAL_TIMESTAMP (flag "
              + Setting.INITIAL_TIMESTAMP.flag()
              + "): "
              + InitialTimestamp.ACCEPTED);
    } else if (timestamp != null && position != null && position != InitialPosition.AT_TIMESTAMP) {
      values.problem(
          "INITIAL_TIMESTAMP is set but INITIAL_POSITION is "
              + position
              + ": set INITIAL_POSITION=AT_TIMESTAMP, or leave INITIAL_TIMESTAMP unset");
    } else if (timestamp != null) {
      values.derive(Setting.INITIAL_TIMESTAMP, timestamp.resolvedAt(workerStart));
    }
  }

  /** The snapshot's settings go with INITIAL_POSITION=SNAPSHOT and only with it. */
  private static void snapshotOnly(SettingValues values) {
    InitialPosition position = values.get(Setting.INITIAL_POSITION);
    if (position == null || position == InitialPosition.SNAPSHOT) {
      return;
    }
    for (Setting<?> setting :
        new Setting<?>[] {Setting.SNAPSHOT_SEGMENTS, Setting.SNAPSHOT_READ_CAPACITY}) {
      if (values.text(setting) != null) {
        values.problem(
            setting
                + " is set but INITIAL_POSITION is "
                + position
                + ": set INITIAL_POSITION=SNAPSHOT, or leave "
                + setting
                + " unset");
      }
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
