package io.github.ddbstreamworker.config;

import io.github.ddbstreamworker.core.Redaction;
import io.github.ddbstreamworker.core.failure.FailurePolicy;
import io.github.ddbstreamworker.core.filter.EventPatternFilter;
import io.github.ddbstreamworker.core.filter.FilterCriteria;
import io.github.ddbstreamworker.logging.LogFormat;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * One setting, declared once: its environment variable and flag, the text it accepts and the value
 * that text becomes, its default and its help. Reading and validation, the command line's flags and
 * {@code --help}, the start-up log and the Lambda handler all work from these declarations, and a
 * test holds the README's settings table to them.
 *
 * <p>A new setting is a declaration here (its group says which settings read it), a {@code
 * get(Setting.X)} where it is used, a bad value in {@code BadSettingsTest}, and a row in the
 * README's table.
 *
 * @param <T> the value a set text becomes
 */
public final class Setting<T> {

  /** Which settings read a setting. */
  public enum Group {
    /** TABLE_NAME and STREAM_ARN, of which exactly one is set: read together by WorkerSettings. */
    SOURCE,
    /** Read by {@link WorkerSettings}. */
    WORKER,
    /** Read by {@link FailureSettings}. */
    FAILURES,
    /** Read by {@link MetricsSettings}. */
    METRICS
  }

  // Filled by the constructor, so it comes before every declaration.
  private static final List<Setting<?>> ALL = new ArrayList<>();

  private static final Pattern TABLE_NAME_CHARACTERS = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
  private static final String TABLE_NAME_ACCEPTED = "3 to 255 characters of A-Z a-z 0-9 _ . -";
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9._/#:-]{1,255}");

  public static final Setting<String> TABLE_NAME =
      declare(
              Group.SOURCE,
              "TABLE_NAME",
              "NAME",
              "table whose latest stream is consumed; give this or STREAM_ARN, not both")
          .accepts(
              SettingTypes.text(
                  name -> TABLE_NAME_CHARACTERS.matcher(name).matches(),
                  "is not a DynamoDB table name:",
                  TABLE_NAME_ACCEPTED))
          .unsetMeans(null, "");

  public static final Setting<String> STREAM_ARN =
      declare(Group.SOURCE, "STREAM_ARN", "ARN", "one specific stream to consume")
          .accepts(
              SettingTypes.text(
                  StreamArns::isValid,
                  "is not a DynamoDB stream ARN: expected",
                  "arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>"))
          .unsetMeans(null, "");

  public static final Setting<String> APPLICATION_NAME =
      declare(
              Group.WORKER,
              "APPLICATION_NAME",
              "NAME",
              "names the lease table; workers with the same name share the shards")
          .accepts(
              SettingTypes.text(
                  name -> TABLE_NAME_CHARACTERS.matcher(name).matches(),
                  "cannot name a lease table:",
                  TABLE_NAME_ACCEPTED))
          .derivedWhenUnset("ddb-stream-worker-<table>");

  public static final Setting<InitialPosition> INITIAL_POSITION =
      declare(
              Group.WORKER,
              "INITIAL_POSITION",
              "POSITION",
              "where a shard without a checkpoint starts: the oldest record, up to 24 h back,"
                  + " only records written from now on, the first created at INITIAL_TIMESTAMP,"
                  + " or after a snapshot of every item in the table")
          .accepts(SettingTypes.exactly(InitialPosition.class))
          .defaultsTo("TRIM_HORIZON");

  /** Resolved once, when the settings are read: a restart counts a duration back afresh. */
  public static final Setting<InitialTimestamp> INITIAL_TIMESTAMP =
      declare(
              Group.WORKER,
              "INITIAL_TIMESTAMP",
              "TIME",
              "with INITIAL_POSITION=AT_TIMESTAMP, records created before this are left out of"
                  + " shards without a checkpoint")
          .accepts(SettingTypes.initialTimestamp())
          .unsetMeans(null, "none");

  /** Scan's TotalSegments; kept in the snapshot's progress table, so fixed once it began. */
  public static final Setting<Integer> SNAPSHOT_SEGMENTS =
      declare(
              Group.WORKER,
              "SNAPSHOT_SEGMENTS",
              "N",
              "with INITIAL_POSITION=SNAPSHOT, the parts the table's scan is split into, shared by"
                  + " the workers")
          .accepts(SettingTypes.wholeNumber(1, 1000))
          .defaultsTo("16");

  /** Shared by the fleet: each worker takes the share of the segments it scans. */
  public static final Setting<Integer> SNAPSHOT_READ_CAPACITY =
      declare(
              Group.WORKER,
              "SNAPSHOT_READ_CAPACITY",
              "RCU",
              "with INITIAL_POSITION=SNAPSHOT, read capacity units a second the scan may use, for"
                  + " all workers together")
          .accepts(SettingTypes.wholeNumber(1, 1_000_000))
          .defaultsTo("100");

  public static final Setting<String> WORKER_ID =
      declare(Group.WORKER, "WORKER_ID", "ID", "this worker's identity in the lease table")
          .accepts(SettingTypes.textOfAtMost(256))
          .derivedWhenUnset("host name + random suffix");

  public static final Setting<Integer> POLL_INTERVAL_MS =
      declare(
              Group.WORKER,
              "POLL_INTERVAL_MS",
              "MS",
              "pause between GetRecords calls on one shard, doubled after an empty read")
          .accepts(SettingTypes.wholeNumber(10, 300_000))
          .defaultsTo("125");

  public static final Setting<Integer> MAX_RECORDS =
      declare(Group.WORKER, "MAX_RECORDS", "N", "records per GetRecords call")
          .accepts(SettingTypes.wholeNumber(1, 1000))
          .defaultsTo("1000");

  /** The default is at most one lease-table write a second per shard at a steady rate. */
  public static final Setting<Integer> CHECKPOINT_INTERVAL_MS =
      declare(
              Group.WORKER,
              "CHECKPOINT_INTERVAL_MS",
              "MS",
              "least time between a shard's checkpoints; 0 checkpoints after every batch")
          .accepts(SettingTypes.wholeNumber(0, 300_000))
          .defaultsTo("1000");

  /**
   * The default is one default batch: a shard catching up on a backlog is still checkpointed every
   * page, so a crash then repeats at most about two batches, not a second's worth of a drain.
   */
  public static final Setting<Integer> CHECKPOINT_INTERVAL_RECORDS =
      declare(
              Group.WORKER,
              "CHECKPOINT_INTERVAL_RECORDS",
              "N",
              "with an interval, also checkpoint a shard once it has read this many records since"
                  + " its last checkpoint")
          .accepts(SettingTypes.wholeNumber(1, 1_000_000).orMinusOne("no record bound"))
          .defaultsTo("1000");

  /** Unset, the KCL's own default: as many leases as the leader assigns. */
  /**
   * The default is the most shards one default task (0.5 vCPU, 1 GB) held with p99 under 1 s at one
   * record a second per shard; at 200 its lease renewals fell behind (docs/scaling.md).
   */
  public static final Setting<Integer> MAX_LEASES_PER_WORKER =
      declare(
              Group.WORKER,
              "MAX_LEASES_PER_WORKER",
              "N",
              "most shard leases this worker holds at once")
          .accepts(SettingTypes.wholeNumber(1, 10_000))
          .defaultsTo("100");

  /**
   * A trade of lease-table writes for takeover time: each held lease is renewed every third of it,
   * and after a crash its shard waits this long, plus the leader lock's lease when the leader died,
   * before another worker takes it. The KCL's default is 10 s.
   */
  public static final Setting<Integer> FAILOVER_TIME_MS =
      declare(
              Group.WORKER,
              "FAILOVER_TIME_MS",
              "MS",
              "how long a lease lives without renewal before another worker may take its shard")
          .accepts(SettingTypes.wholeNumber(3_000, 300_000))
          .defaultsTo("4000");

  public static final Setting<EventPatternFilter> FILTER_CRITERIA =
      declare(Group.WORKER, "FILTER_CRITERIA", "JSON", "which records are logged")
          .accepts(SettingTypes.filterCriteria())
          .defaultsTo(FilterCriteria.DEFAULT);

  public static final Setting<Redaction> REDACT_ATTRIBUTES =
      declare(
              Group.WORKER,
              "REDACT_ATTRIBUTES",
              "PATHS",
              "attributes whose values become \"[redacted]\" in every line and failure message")
          .accepts(SettingTypes.attributePaths())
          .unsetMeans(Redaction.none(), "none");

  /**
   * Unset, each command picks: JSON for {@code run} and in containers, text for {@code local} when
   * its stderr is a terminal.
   */
  public static final Setting<LogFormat> LOG_FORMAT =
      declare(
              Group.WORKER,
              "LOG_FORMAT",
              "FORMAT",
              "log lines on stderr: json, one object a line, or text, one readable line an event")
          .accepts(SettingTypes.anyCase(LogFormat.class, name -> name.toLowerCase(Locale.ROOT)))
          .unsetMeans(null, "json; text for local when stderr is a terminal");

  public static final Setting<Integer> MAX_RETRY_ATTEMPTS =
      declare(
              Group.FAILURES,
              "MAX_RETRY_ATTEMPTS",
              "N",
              "retries of a record whose line cannot be written, before it goes to the failure"
                  + " destination")
          .accepts(SettingTypes.wholeNumber(0, 10_000))
          .defaultsTo(Integer.toString(FailurePolicy.DEFAULT_MAX_RETRY_ATTEMPTS));

  public static final Setting<Integer> MAX_RECORD_AGE =
      declare(
              Group.FAILURES,
              "MAX_RECORD_AGE",
              "SECONDS",
              "older records go to the failure destination unprocessed, as with Lambda's"
                  + " MaximumRecordAgeInSeconds")
          .accepts(SettingTypes.seconds(60, 604_800).orMinusOne("no limit"))
          .defaultsTo("-1");

  public static final Setting<URI> FAILURE_QUEUE_URL =
      declare(
              Group.FAILURES,
              "FAILURE_QUEUE_URL",
              "URL",
              "SQS queue for records the worker gives up on; without it they are logged as errors")
          .accepts(SettingTypes.queueUrl())
          .unsetMeans(null, "none");

  public static final Setting<Integer> HTTP_PORT =
      declare(
              Group.METRICS,
              "HTTP_PORT",
              "PORT",
              "serve /metrics, /health and /ready on this port; 0 picks one")
          .accepts(SettingTypes.wholeNumber(0, 65_535))
          .unsetMeans(null, "off");

  public static final Setting<MetricsSettings.Export> METRICS_EXPORT =
      declare(
              Group.METRICS,
              "METRICS_EXPORT",
              "WHERE",
              "cloudwatch also publishes the metrics to CloudWatch")
          .accepts(
              SettingTypes.anyCase(
                  MetricsSettings.Export.class, name -> name.toLowerCase(Locale.ROOT)))
          .defaultsTo("none");

  public static final Setting<String> METRICS_NAMESPACE =
      declare(Group.METRICS, "METRICS_NAMESPACE", "NAMESPACE", "CloudWatch namespace")
          .accepts(
              SettingTypes.text(
                  name -> NAMESPACE.matcher(name).matches() && !name.startsWith("AWS/"),
                  "is not a CloudWatch namespace:",
                  "1 to 255 of A-Z a-z 0-9 . _ / # : -, not starting with AWS/"))
          .defaultsTo("ddb-stream-worker");

  public static final Setting<Integer> METRICS_STEP_SECONDS =
      declare(
              Group.METRICS,
              "METRICS_STEP_SECONDS",
              "SECONDS",
              "how often metrics go to CloudWatch")
          .accepts(SettingTypes.wholeNumber(1, 3600))
          .defaultsTo("60");

  public static final Setting<MetricsSettings.KclLevel> METRICS_LEVEL =
      declare(
              Group.METRICS,
              "METRICS_LEVEL",
              "LEVEL",
              "the KCL's own metrics (MillisBehindLatest, RecordsProcessed, lease counts, ...) in"
                  + " the same registry")
          .accepts(SettingTypes.anyCase(MetricsSettings.KclLevel.class, UnaryOperator.identity()))
          .defaultsTo("NONE");

  private final String name;
  private final Group group;
  private final String paramLabel;
  private final String meaning;
  private final SettingType<T> type;
  private final String defaultText;
  private final T unsetValue;
  private final String shownDefault;

  private Setting(
      Declaration declaration,
      SettingType<T> type,
      String defaultText,
      T unsetValue,
      String shownDefault) {
    this.name = declaration.name();
    this.group = declaration.group();
    this.paramLabel = declaration.paramLabel();
    this.meaning = declaration.meaning();
    this.type = type;
    this.defaultText = defaultText;
    this.unsetValue = unsetValue;
    this.shownDefault = shownDefault;
    ALL.add(this);
  }

  /** Every setting, in the order of the README's table. */
  public static List<Setting<?>> all() {
    return Collections.unmodifiableList(ALL);
  }

  /** The environment variable that sets it. */
  public String env() {
    return name;
  }

  /** The command-line flag that sets it: the name in lower case with dashes. */
  public String flag() {
    return "--" + name.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Its key in the start-up log line: the name in camel case ({@code pollIntervalMs}). */
  public String logKey() {
    StringBuilder key = new StringBuilder();
    for (String word : name.toLowerCase(Locale.ROOT).split("_")) {
      key.append(key.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
    }
    return key.toString();
  }

  public Group group() {
    return group;
  }

  /** What the flag's value stands for in {@code --help}: N, MS, JSON, ... */
  public String paramLabel() {
    return paramLabel;
  }

  /** The default as the help and the README show it; empty when there is none. */
  public String shownDefault() {
    return shownDefault;
  }

  /** What text it accepts: "a whole number from 1 to 1000". */
  public String accepted() {
    return type.accepted();
  }

  /** One line of help: what it means, what it accepts and its default. */
  public String help() {
    String accepted = type.accepted();
    String tail = shownDefault.isEmpty() ? accepted : accepted + "; default " + shownDefault;
    return name + ": " + meaning + " (" + tail + ")";
  }

  /**
   * Its value in {@code lookup}: the text, stripped, or the default when unset or blank. For one
   * setting on its own; {@link SettingValues} reads several and reports every refusal at once.
   *
   * @throws IllegalArgumentException when the text is not accepted
   */
  public T valueIn(Function<String, String> lookup) {
    String text = textIn(lookup);
    return text == null ? defaultValue() : type.parse(text);
  }

  /** The text in {@code lookup}, stripped; null when unset or blank. */
  String textIn(Function<String, String> lookup) {
    String text = lookup.apply(name);
    return text == null || text.isBlank() ? null : text.strip();
  }

  T parse(String text) {
    return type.parse(text);
  }

  /**
   * The value when unset: the default text's, parsed afresh; null when there is none or the
   * settings that read it work it out.
   */
  public T defaultValue() {
    return defaultText != null ? type.parse(defaultText) : unsetValue;
  }

  List<String> problems(String text, IllegalArgumentException refusal) {
    return type.problems(name, text, refusal);
  }

  @Override
  public String toString() {
    return name;
  }

  private static Declaration declare(Group group, String name, String paramLabel, String meaning) {
    return new Declaration(group, name, paramLabel, meaning);
  }

  /** A declaration under way: named, its type and default still to come. */
  private record Declaration(Group group, String name, String paramLabel, String meaning) {

    <T> Typed<T> accepts(SettingType<T> type) {
      return new Typed<>(this, type);
    }
  }

  private record Typed<T>(Declaration declaration, SettingType<T> type) {

    /** Unset, it is as if set to {@code text}, which the help and the README show. */
    Setting<T> defaultsTo(String text) {
      return new Setting<>(declaration, type, text, null, text);
    }

    /** Unset, it is {@code value}, which the help and the README show as {@code shown}. */
    Setting<T> unsetMeans(T value, String shown) {
      return new Setting<>(declaration, type, null, value, shown);
    }

    /** Unset, the settings that read it work it out, as {@code shown} describes. */
    Setting<T> derivedWhenUnset(String shown) {
      return new Setting<>(declaration, type, null, null, shown);
    }
  }
}
