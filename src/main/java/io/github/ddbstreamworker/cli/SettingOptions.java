package io.github.ddbstreamworker.cli;

import io.github.ddbstreamworker.config.Setting;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** The worker's settings as command-line flags; a flag wins over its environment variable. */
final class SettingOptions {

  @Option(
      names = "--table-name",
      paramLabel = "NAME",
      description = "TABLE_NAME: table whose latest stream is consumed")
  String tableName;

  @Option(
      names = "--stream-arn",
      paramLabel = "ARN",
      description = "STREAM_ARN: the stream to consume")
  String streamArn;

  @Option(
      names = "--application-name",
      paramLabel = "NAME",
      description = "APPLICATION_NAME: names the lease table (default: ddb-stream-worker-<table>)")
  String applicationName;

  @Option(
      names = "--initial-position",
      paramLabel = "POSITION",
      description = "INITIAL_POSITION: TRIM_HORIZON (default) or LATEST")
  String initialPosition;

  @Option(
      names = "--worker-id",
      paramLabel = "ID",
      description = "WORKER_ID: this worker's identity (default: host name plus a random suffix)")
  String workerId;

  @Option(
      names = "--poll-interval-ms",
      paramLabel = "MS",
      description = "POLL_INTERVAL_MS: pause between reads of one shard (default 125)")
  String pollIntervalMs;

  @Option(
      names = "--max-records",
      paramLabel = "N",
      description = "MAX_RECORDS: records per read, 1 to 1000 (default 1000)")
  String maxRecords;

  @Option(
      names = "--checkpoint-interval-ms",
      paramLabel = "MS",
      description =
          "CHECKPOINT_INTERVAL_MS: least time between a shard's checkpoints (default 1000); 0"
              + " checkpoints after every batch")
  String checkpointIntervalMs;

  @Option(
      names = "--checkpoint-interval-records",
      paramLabel = "N",
      description =
          "CHECKPOINT_INTERVAL_RECORDS: with an interval, also checkpoint a shard once this many"
              + " records were read since its last checkpoint; -1 (no record bound) or 1 to"
              + " 1000000 (default 1000)")
  String checkpointIntervalRecords;

  @Option(
      names = "--filter-criteria",
      paramLabel = "JSON",
      description =
          "FILTER_CRITERIA: Lambda FilterCriteria JSON or one pattern"
              + " (default: {\"eventName\":[\"INSERT\"]})")
  String filterCriteria;

  @Option(
      names = "--redact-attributes",
      paramLabel = "PATHS",
      description =
          "REDACT_ATTRIBUTES: comma-separated attribute names or paths (email,card.number) whose"
              + " values are replaced in every line and failure message")
  String redactAttributes;

  @Option(
      names = "--max-retry-attempts",
      paramLabel = "N",
      description =
          "MAX_RETRY_ATTEMPTS: retries of a failing record before it goes to the failure"
              + " destination, 0 to 10000 (default 3)")
  String maxRetryAttempts;

  @Option(
      names = "--max-record-age",
      paramLabel = "SECONDS",
      description =
          "MAX_RECORD_AGE: older records go to the failure destination unprocessed; -1 (default)"
              + " or 60 to 604800")
  String maxRecordAge;

  @Option(
      names = "--failure-queue-url",
      paramLabel = "URL",
      description = "FAILURE_QUEUE_URL: SQS queue for records the worker gives up on")
  String failureQueueUrl;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "HTTP_PORT: serve /metrics, /health and /ready (off when unset)")
  String httpPort;

  @Option(
      names = "--metrics-export",
      paramLabel = "WHERE",
      description = "METRICS_EXPORT: none (default) or cloudwatch")
  String metricsExport;

  @Option(
      names = "--metrics-namespace",
      paramLabel = "NAMESPACE",
      description = "METRICS_NAMESPACE: CloudWatch namespace (default ddb-stream-worker)")
  String metricsNamespace;

  @Option(
      names = "--metrics-step-seconds",
      paramLabel = "SECONDS",
      description = "METRICS_STEP_SECONDS: CloudWatch publishing interval (default 60)")
  String metricsStepSeconds;

  @Option(
      names = "--metrics-level",
      paramLabel = "LEVEL",
      description = "METRICS_LEVEL: the KCL's own metrics, NONE (default), SUMMARY or DETAILED")
  String metricsLevel;

  /** A lookup of setting names: flags first, then the given environment. */
  Function<String, String> over(Function<String, String> environment) {
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    put(flags, Setting.TABLE_NAME, tableName);
    put(flags, Setting.STREAM_ARN, streamArn);
    put(flags, Setting.APPLICATION_NAME, applicationName);
    put(flags, Setting.INITIAL_POSITION, initialPosition);
    put(flags, Setting.WORKER_ID, workerId);
    put(flags, Setting.POLL_INTERVAL_MS, pollIntervalMs);
    put(flags, Setting.MAX_RECORDS, maxRecords);
    put(flags, Setting.CHECKPOINT_INTERVAL_MS, checkpointIntervalMs);
    put(flags, Setting.CHECKPOINT_INTERVAL_RECORDS, checkpointIntervalRecords);
    put(flags, Setting.FILTER_CRITERIA, filterCriteria);
    put(flags, Setting.REDACT_ATTRIBUTES, redactAttributes);
    put(flags, Setting.MAX_RETRY_ATTEMPTS, maxRetryAttempts);
    put(flags, Setting.MAX_RECORD_AGE, maxRecordAge);
    put(flags, Setting.FAILURE_QUEUE_URL, failureQueueUrl);
    put(flags, Setting.HTTP_PORT, httpPort);
    put(flags, Setting.METRICS_EXPORT, metricsExport);
    put(flags, Setting.METRICS_NAMESPACE, metricsNamespace);
    put(flags, Setting.METRICS_STEP_SECONDS, metricsStepSeconds);
    put(flags, Setting.METRICS_LEVEL, metricsLevel);
    return name -> {
      String flag = flags.get(Setting.valueOf(name));
      return flag != null ? flag : environment.apply(name);
    };
  }

  private static void put(Map<Setting, String> flags, Setting setting, String value) {
    if (value != null) {
      flags.put(setting, value);
    }
  }
}
