package io.github.ddbstreamworker.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamArnsTest {

  private static final String LOCAL_ARN =
      "arn:aws:dynamodb:ddblocal:000000000000:table/demo-items/stream/2026-11-22T01:29:11.183";

  @Test
  void readsTableAndRegion() {
    assertThat(StreamArns.tableName(LOCAL_ARN)).isEqualTo("demo-items");
    assertThat(StreamArns.region(LOCAL_ARN)).isEqualTo("ddblocal");
  }

  @Test
  void replacesOnlyTheRegion() {
    assertThat(StreamArns.withRegion(LOCAL_ARN, "us-east-1"))
        .isEqualTo(
            "arn:aws:dynamodb:us-east-1:000000000000:table/demo-items/stream/2026-11-22T01:29:11.183");
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
