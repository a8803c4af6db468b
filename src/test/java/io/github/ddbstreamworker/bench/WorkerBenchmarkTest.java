package io.github.ddbstreamworker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark end to end at a tiny size, on moto_server and the stream simulator: every figure,
 * CSV and plot it promises.
 */
class WorkerBenchmarkTest {

  @Test
  void measuresEveryPhaseAndWritesItsFiles(@TempDir Path folder) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    BenchPlan plan = new BenchPlan(10, 20, List.of(125L), 500, 2, List.of(2), 300);
    new WorkerBenchmark(Map.of(), plan, new PrintStream(printed, true, StandardCharsets.UTF_8))
        .run(folder, Optional.empty());

    assertThat(folder.resolve("summary.csv")).exists();
    assertThat(
            List.of(
                "latency-poll-125-ms.csv",
                "latency-cdf.png",
                "drain.csv",
                "drain.png",
                "scale.csv",
                "scale-drain.png",
                "scale-latency.png",
                "scale-requests.png"))
        .allSatisfy(name -> assertThat(folder.resolve(name)).isNotEmptyFile());
    List<String> drain = Files.readAllLines(folder.resolve("drain.csv"));
    assertThat(drain).hasSize(3);
    assertThat(drain.subList(1, 3))
        .allSatisfy(
            row -> {
              List<String> values = List.of(row.split(","));
              assertThat(values.subList(1, 4))
                  .allSatisfy(rate -> assertThat(Double.parseDouble(rate)).isPositive());
              assertThat(values).hasSize(12);
              // A drain this small may end within one poll of its first line: no CPU window; and
              // moto_server's CPU time moves in clock ticks, so a short pass may show none.
              assertThat(values.subList(4, 10))
                  .allSatisfy(
                      cpu ->
                          assertThat(Double.parseDouble(cpu))
                              .satisfiesAnyOf(
                                  micros -> assertThat(micros).isNotNegative(),
                                  micros -> assertThat(micros).isNaN()));
              // Every drain checkpoints at least once, at its graceful stop.
              assertThat(values.subList(10, 12))
                  .allSatisfy(millis -> assertThat(Double.parseDouble(millis)).isPositive());
            });
    List<String> scale = Files.readAllLines(folder.resolve("scale.csv"));
    assertThat(scale).hasSize(2);
    assertThat(scale.get(1)).startsWith("2,");
    assertThat(List.of(scale.get(1).split(",")).subList(1, 7))
        .allSatisfy(value -> assertThat(Double.parseDouble(value)).isPositive());
    assertThat(Files.readAllLines(folder.resolve("summary.csv")))
        .anySatisfy(
            row ->
                assertThat(row).startsWith("simulator GetRecords limit per shard,0.000,calls/s,"));
    String table = printed.toString(StandardCharsets.UTF_8);
    assertThat(table)
        .contains("lease tables on moto_server")
        .contains("stream on the simulator")
        .contains("0: throttle off in every phase")
        .contains("start-up to first record, cold")
        .contains("latency p50, poll 125 ms")
        .contains("drain, worker")
        .contains("drain, worker, no checkpoint record bound")
        .contains("drain, CPU per record, worker")
        .contains("stream simulator included")
        .contains("drain, moto_server CPU per record, worker")
        .contains("drain, checkpoint write, worker")
        .contains("scale, 2 shards: drain, worker")
        .contains("memory not measured");
  }

  @Test
  void refusesAPlanThatCannotBeMeasured() {
    assertThatThrownBy(() -> new BenchPlan(10, 20, List.of(), 500, 1, List.of(1), 300))
        .hasMessageContaining("poll interval");
    assertThatThrownBy(() -> new BenchPlan(10, 0, List.of(125L), 500, 1, List.of(1), 300))
        .hasMessageContaining("rate");
    assertThatThrownBy(() -> new BenchPlan(10, 20, List.of(125L), 500, 1, List.of(-1), 300))
        .hasMessageContaining("shard counts");
    assertThatThrownBy(() -> new BenchPlan(10, 20, List.of(125L), 500, 0, List.of(1), 300))
        .hasMessageContaining("drain rounds");
  }
}
