package io.github.ddbstreamworker.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many requests the simulator answered, by operation and outcome: {@link #OK} or the error's
 * name, such as {@code LimitExceededException}. Lets a test or a benchmark see what a consumer
 * asked for and what it met.
 */
public final class AnswerCounts {

  public static final String OK = "OK";

  /**
   * DescribeStream calls with a {@code ShardFilter} (a parent's children), counted under this name
   * as well as under DescribeStream: the rest are listings of the whole stream.
   */
  public static final String CHILD_SHARDS_QUERY = "DescribeStream.ChildShards";

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  void record(String operation, String outcome) {
    counts.computeIfAbsent(operation + ' ' + outcome, key -> new LongAdder()).increment();
  }

  /** Requests for {@code operation} (e.g. {@code GetRecords}) answered with {@code outcome}. */
  public long of(String operation, String outcome) {
    LongAdder count = counts.get(operation + ' ' + outcome);
    return count == null ? 0 : count.sum();
  }

  /** Requests for {@code operation}, whatever the answer. */
  public long of(String operation) {
    return counts.entrySet().stream()
        .filter(entry -> entry.getKey().startsWith(operation + ' '))
        .mapToLong(entry -> entry.getValue().sum())
        .sum();
  }
}
