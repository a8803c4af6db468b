package io.github.ddbstreamworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code cost} in process: the table it prints and the inputs it refuses. */
class CostCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void withoutFlagsPrintsBothConsumersForOneHundredAndAThousandWritesASecond() {
    assertThat(cost()).isZero();

    assertThat(out.toString())
        .contains("1 write/s", "100 writes/s", "1,000 writes/s")
        .containsPattern("Open shards / ECS tasks +1 / 1 +1 / 1 +2 / 1\n")
        .containsPattern("ECS worker\n  Fargate tasks +18\\.02 +18\\.02 +18\\.02\n")
        .containsPattern("KCL table writes +6\\.16 +6\\.16 +9\\.03\n")
        .contains("checkpointing at most once per 1,000 ms")
        .containsPattern("Lambda\n  Requests +0\\.33 ")
        .containsPattern("Stream reads \\(free for Lambda\\) +0\\.00 +0\\.00 +0\\.00\n")
        .contains("Monthly free tiers taken off")
        .contains("Prices: AWS list prices in USD, us-east-1, as listed in 2025");
    assertThat(out.toString().lines().filter(line -> line.startsWith("  Total"))).hasSize(2);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aGivenRateShardsAndWorkersMakeOneColumn() {
    assertThat(
            cost("--writes-per-second", "100", "--shards", "4", "--workers", "2", "--no-free-tier"))
        .isZero();

    assertThat(out.toString())
        .doesNotContain("1 write/s")
        .containsPattern("USD a month +100 writes/s\n")
        .containsPattern("Open shards / ECS tasks +4 / 2\n")
        .containsPattern("Fargate tasks +36\\.04\n")
        .contains("List prices, no free tier.");
  }

  @Test
  void badInputsAreNamedAllAtOnceWithExitCode2() {
    assertThat(cost("--writes-per-second", "-5", "--shards", "0", "--hours", "0")).isEqualTo(2);

    assertThat(err.toString())
        .contains("writes per second must be 0 or more")
        .contains("shards must be 1 or more")
        .contains("hours must be over 0");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aCheckpointIntervalOutOfRangeIsNamed() {
    assertThat(cost("--checkpoint-interval-ms", "-1")).isEqualTo(2);

    assertThat(err.toString()).contains("checkpoint interval millis must be 0 to 300000");
  }

  @Test
  void checkpointingEveryBatchCostsMoreLeaseTableWrites() {
    assertThat(cost("--writes-per-second", "100", "--checkpoint-interval-ms", "0")).isZero();

    assertThat(out.toString())
        .containsPattern("KCL table writes +17\\.66\n")
        .contains("checkpointing after every batch");
  }

  private int cost(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "cost";
    System.arraycopy(args, 0, command, 1, args.length);
    return new CommandLine(new Main())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(command);
  }
}
