package io.github.ddbstreamworker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.cli.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code bench} in process: a plan it cannot measure is refused before anything starts. */
class BenchCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void noDrainRoundsIsRefusedWithExitCode2() {
    assertThat(bench("--drain-rounds", "0")).isEqualTo(ExitCode.BAD_SETTINGS);

    assertThat(err.toString()).contains("bench: ").contains("drain rounds must be at least 1");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aNegativeShardCountIsRefusedWithExitCode2() {
    assertThat(bench("--shards", "1,-2")).isEqualTo(ExitCode.BAD_SETTINGS);

    assertThat(err.toString()).contains("shard counts must be at least 1: [1, -2]");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aBadWorkerSettingFlagIsRefusedWithTheSettingNamed() {
    assertThat(bench("--max-records", "0")).isEqualTo(ExitCode.BAD_SETTINGS);

    assertThat(err.toString()).contains("MAX_RECORDS");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void helpListsOnlyTheWorkerSettingsTheBenchmarkReads() {
    String usage = BenchCommand.commandLine().getUsageMessage();

    assertThat(usage).contains("--max-records=", "--filter-criteria=", "--poll-interval-ms=");
    assertThat(usage).doesNotContain("--failure-queue-url", "--http-port", "--table-name");
  }

  private int bench(String... args) {
    return BenchCommand.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
