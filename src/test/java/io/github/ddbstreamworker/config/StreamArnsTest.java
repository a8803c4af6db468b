package io.github.ddbstreamworker.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamArnsTest {

  /** As AWS and moto_server write them: the label is the stream's creation time. */
  private static final String ARN =
      "arn:aws:dynamodb:us-east-1:123456789012:table/demo-items/stream/2026-11-22T01:29:11.183";

  @Test
  void readsTheTableName() {
    assertThat(StreamArns.tableName(ARN)).isEqualTo("demo-items");
  }

  @Test
  void acceptsOtherPartitions() {
    assertThat(
            StreamArns.isValid(
                "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/t_1.x/stream/label"))
        .isTrue();
    assertThat(StreamArns.isValid("arn:aws:dynamodb:us-east-1:123456789012:table/t1")).isFalse();
  }
}
