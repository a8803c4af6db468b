package io.github.ddbstreamworker.config;

/**
 * Every setting, named as its environment variable. Each also has a command-line flag, the name in
 * lower case with dashes ({@code --table-name}); the README's table says what each means.
 */
public enum Setting {
  TABLE_NAME,
  STREAM_ARN,
  APPLICATION_NAME,
  INITIAL_POSITION,
  WORKER_ID,
  POLL_INTERVAL_MS,
  MAX_RECORDS,
  CHECKPOINT_INTERVAL_MS,
  CHECKPOINT_INTERVAL_RECORDS,
  FILTER_CRITERIA,
  REDACT_ATTRIBUTES,
  MAX_RETRY_ATTEMPTS,
  MAX_RECORD_AGE,
  FAILURE_QUEUE_URL,
  HTTP_PORT,
  METRICS_EXPORT,
  METRICS_NAMESPACE,
  METRICS_STEP_SECONDS,
  METRICS_LEVEL;

  /** The environment variable that sets it. */
  public String env() {
    return name();
  }
}
