package io.github.ddbstreamworker.logging;

/** How log lines look on stderr: one JSON object a line, or one readable line for a person. */
public enum LogFormat {
  /** One JSON object a line, for CloudWatch Logs Insights, ECS and {@code jq}. */
  JSON,
  /** Time, level, shard, message and key=values, for a terminal. */
  TEXT
}
