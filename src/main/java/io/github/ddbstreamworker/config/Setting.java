package io.github.ddbstreamworker.config;

import java.util.Locale;

/** Every setting of the worker: its environment variable, its command-line flag and its meaning. */
public enum Setting {
  TABLE_NAME("DynamoDB table whose latest stream is consumed (or give STREAM_ARN)"),
  STREAM_ARN("ARN of the DynamoDB stream to consume (or give TABLE_NAME)"),
  APPLICATION_NAME("names the KCL lease table; workers sharing it share the shards"),
  INITIAL_POSITION("where a shard without a checkpoint starts: TRIM_HORIZON or LATEST"),
  WORKER_ID("identity of this worker in the lease table"),
  POLL_INTERVAL_MS("pause between GetRecords calls on one shard, in milliseconds"),
  MAX_RECORDS("most records one GetRecords call returns, 1 to 1000"),
  FILTER_CRITERIA("which records are logged, as a Lambda event source mapping's FilterCriteria"),
  HTTP_PORT("port of the /metrics, /health and /ready endpoint; off when unset"),
  METRICS_EXPORT("where metrics are sent besides the endpoint: none or cloudwatch"),
  METRICS_NAMESPACE("CloudWatch namespace of the metrics"),
  METRICS_STEP_SECONDS("how often metrics are published to CloudWatch, in seconds"),
  METRICS_LEVEL("how much of the KCL's own metrics to record: NONE, SUMMARY or DETAILED");

  private final String description;

  Setting(String description) {
    this.description = description;
  }

  /** The environment variable that sets it. */
  public String env() {
    return name();
  }

  /** The command-line flag that sets it, e.g. {@code --table-name}. */
  public String flag() {
    return "--" + name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public String description() {
    return description;
  }
}
