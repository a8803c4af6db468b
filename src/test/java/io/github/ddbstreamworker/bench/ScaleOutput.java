package io.github.ddbstreamworker.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * The shard-count figures: a row on stdout as each count ends, {@code scale.csv} rewritten with
 * every row so far, and at the end {@code scale-p99.png} and {@code scale-cpu.png}.
 */
final class ScaleOutput {

  private static final String HEADER =
      "shards  leases_s  written  late  repeats  lost  p50_ms   p99_ms  getrec/s/shard  ckpt/s"
          + "  ckpt_ms  cpu_idle%  cpu_busy%  throttled%  cpu%/shard  moto_cpu%  threads  rss_mb"
          + "  heap_mb  load";
  private static final String CSV_HEADER =
      "shards,leases_taken_s,written,not_delivered,lines_repeated,leases_lost,latency_p50_ms,"
          + "latency_p99_ms,get_records_per_shard_s,checkpoints_per_s,checkpoint_ms,cpu_idle_pct,"
          + "cpu_busy_pct,throttled_pct,cpu_busy_pct_per_shard,moto_cpu_busy_pct,threads,rss_mb,"
          + "heap_mb,load_average";
  private static final String ROW =
      "%6d  %8.1f  %7d  %4d  %7d  %4d  %6.0f  %7.0f  %14.2f  %6.2f  %7.1f  %9.1f  %9.1f  %10.1f"
          + "  %10.2f  %9.1f  %7d  %6.0f  %7.0f  %s%n";
  private static final String CSV_ROW =
      "%d,%.1f,%d,%d,%d,%d,%.1f,%.1f,%.3f,%.3f,%.2f,%.2f,%.2f,%.2f,%.3f,%.2f,%d,%.1f,%.1f,%s";

  private final Path folder;
  private final PrintStream out;
  private final List<ScaleRun.Figures> rows = new ArrayList<>();

  ScaleOutput(Path folder, PrintStream out) {
    this.folder = folder;
    this.out = out;
  }

  void header() {
    out.println(HEADER);
  }

  void row(ScaleRun.Figures row) {
    rows.add(row);
    out.printf(Locale.ROOT, ROW, values(row));
    writeCsv();
  }

  /** Writes the plots; returns the folder. */
  Path finish() {
    if (rows.isEmpty()) {
      return folder;
    }
    List<Integer> shards = rows.stream().map(ScaleRun.Figures::shards).toList();
    XYChart latency =
        BenchOutput.scaleChart("Latency p99 by shard count, one worker", "ms (log scale)");
    latency.getStyler().setYAxisLogarithmic(true);
    latency.addSeries("p99", shards, rows.stream().map(ScaleRun.Figures::p99).toList());
    BenchOutput.savePng(latency, folder, "scale-p99.png");
    XYChart cpu =
        BenchOutput.scaleChart("Worker CPU by shard count, steady writes", "% of one core");
    cpu.addSeries("busy", shards, rows.stream().map(ScaleRun.Figures::cpuBusyPercent).toList());
    cpu.addSeries("idle", shards, rows.stream().map(ScaleRun.Figures::cpuIdlePercent).toList());
    BenchOutput.savePng(cpu, folder, "scale-cpu.png");
    return folder;
  }

  private static Object[] values(ScaleRun.Figures row) {
    return new Object[] {
      row.shards(),
      row.leasesTaken().toMillis() / 1000.0,
      row.delivery().written(),
      row.delivery().written() - row.delivery().delivered(),
      row.delivery().repeated(),
      row.leasesLost(),
      row.p50(),
      row.p99(),
      row.getRecordsPerShardSecond(),
      row.checkpointsPerSecond(),
      row.checkpointMillis(),
      row.cpuIdlePercent(),
      row.cpuBusyPercent(),
      row.throttledPercent(),
      row.cpuBusyPercent() / row.shards(),
      row.motoCpuBusyPercent(),
      row.threads(),
      row.rssMb(),
      row.heapMb(),
      row.loadAverage()
    };
  }

  private void writeCsv() {
    List<String> lines = new ArrayList<>(List.of(CSV_HEADER));
    for (ScaleRun.Figures row : rows) {
      lines.add(String.format(Locale.ROOT, CSV_ROW, values(row)));
    }
    try {
      Files.write(folder.resolve("scale.csv"), lines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write scale.csv", e);
    }
  }
}
