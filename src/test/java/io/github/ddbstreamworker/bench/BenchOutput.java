package io.github.ddbstreamworker.bench;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Where the figures go: a table on stdout, {@code summary.csv}, one CSV of raw latencies per poll
 * interval, the drain's rounds, the scale figures, and PNG plots, all in one folder.
 */
final class BenchOutput {

  private final Path folder;
  private final PrintStream out;
  private final List<String[]> summary = new ArrayList<>();
  private final Map<String, Percentiles> latencies = new LinkedHashMap<>();
  private final List<ShardScale.Figures> scale = new ArrayList<>();
  private BacklogDrain.Figures drain;

  BenchOutput(Path folder, PrintStream out) {
    this.folder = folder;
    this.out = out;
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + folder, e);
    }
  }

  /** One figure: printed now, and a row of summary.csv. */
  void figure(String name, double value, String unit, String note) {
    out.printf(Locale.ROOT, "%-52s %12.1f %-10s %s%n", name, value, unit, note);
    summary.add(
        new String[] {
          name, String.format(Locale.ROOT, "%.3f", value), unit, note.replace(',', ';')
        });
  }

  void latencies(String series, Percentiles percentiles) {
    latencies.put(series, percentiles);
    List<String> lines = new ArrayList<>(List.of("latency_ms"));
    percentiles.sortedMillis().forEach(ms -> lines.add(String.format(Locale.ROOT, "%.3f", ms)));
    write("latency-" + series.replace(' ', '-') + ".csv", lines);
  }

  /** The drain's medians: printed now, rows of summary.csv, and drain.csv with every round. */
  void drain(BacklogDrain.Figures figures) {
    drain = figures;
    String rounds = figures.rounds().size() + (figures.rounds().size() == 1 ? " round" : " rounds");
    double floor = figures.median(round -> round.floor().recordsPerSecond());
    figure("drain, floor (bare GetRecords loop)", floor, "records/s", "median of " + rounds);
    figure(
        "drain, worker, first in this JVM",
        figures.firstDrain(),
        "records/s",
        String.format(
            Locale.ROOT,
            "%.0f %% of the median floor; code still compiling",
            100 * figures.firstDrain() / floor));
    drainFigure("drain, worker", figures, BacklogDrain.Round::worker);
    drainFigure(
        "drain, worker, no checkpoint record bound", figures, BacklogDrain.Round::workerUnbounded);
    String cpuNote = "this process's CPU per record (stream simulator included); median";
    figure(
        "drain, CPU per record, floor",
        figures.median(round -> round.floor().cpuMicrosPerRecord()),
        "us",
        cpuNote);
    figure(
        "drain, CPU per record, worker",
        figures.median(round -> round.worker().cpuMicrosPerRecord()),
        "us",
        cpuNote);
    figure(
        "drain, CPU per record, worker, no record bound",
        figures.median(round -> round.workerUnbounded().cpuMicrosPerRecord()),
        "us",
        cpuNote);
    String dynamoDbNote = "moto_server's CPU per record (lease tables; child process); median";
    figure(
        "drain, moto_server CPU per record, worker",
        figures.median(round -> round.worker().dynamoDbCpuMicrosPerRecord()),
        "us",
        dynamoDbNote);
    figure(
        "drain, moto_server CPU per record, worker, no bound",
        figures.median(round -> round.workerUnbounded().dynamoDbCpuMicrosPerRecord()),
        "us",
        dynamoDbNote);
    String checkpointNote = "mean time to write one to moto_server; median of the rounds";
    figure(
        "drain, checkpoint write, worker",
        figures.median(round -> round.worker().checkpointMillis()),
        "ms",
        checkpointNote);
    figure(
        "drain, checkpoint write, worker, no record bound",
        figures.median(round -> round.workerUnbounded().checkpointMillis()),
        "ms",
        checkpointNote);
    List<String> lines =
        new ArrayList<>(
            List.of(
                "round,floor_records_per_s,worker_records_per_s,"
                    + "worker_no_record_bound_records_per_s,floor_cpu_us_per_record,"
                    + "worker_cpu_us_per_record,worker_no_record_bound_cpu_us_per_record,"
                    + "floor_moto_cpu_us_per_record,worker_moto_cpu_us_per_record,"
                    + "worker_no_record_bound_moto_cpu_us_per_record,worker_checkpoint_ms,"
                    + "worker_no_record_bound_checkpoint_ms"));
    for (int i = 0; i < figures.rounds().size(); i++) {
      BacklogDrain.Round round = figures.rounds().get(i);
      lines.add(
          String.format(
              Locale.ROOT,
              "%d,%.1f,%.1f,%.1f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f",
              i + 1,
              round.floor().recordsPerSecond(),
              round.worker().recordsPerSecond(),
              round.workerUnbounded().recordsPerSecond(),
              round.floor().cpuMicrosPerRecord(),
              round.worker().cpuMicrosPerRecord(),
              round.workerUnbounded().cpuMicrosPerRecord(),
              round.floor().dynamoDbCpuMicrosPerRecord(),
              round.worker().dynamoDbCpuMicrosPerRecord(),
              round.workerUnbounded().dynamoDbCpuMicrosPerRecord(),
              round.worker().checkpointMillis(),
              round.workerUnbounded().checkpointMillis()));
    }
    write("drain.csv", lines);
  }

  private void drainFigure(
      String name,
      BacklogDrain.Figures figures,
      Function<BacklogDrain.Round, BacklogDrain.Pass> pass) {
    String ratios =
        figures.ratios(pass).stream()
            .map(ratio -> String.format(Locale.ROOT, "%.0f", 100 * ratio))
            .collect(Collectors.joining(", "));
    figure(
        name,
        figures.median(round -> pass.apply(round).recordsPerSecond()),
        "records/s",
        String.format(
            Locale.ROOT,
            "%.0f %% of the floor (median; rounds %s %%)",
            100 * figures.medianRatio(pass),
            ratios));
  }

  /** One shard count's figures: printed now, and a row of scale.csv. */
  void scale(ShardScale.Figures figures) {
    scale.add(figures);
    String shards = figures.shards() + (figures.shards() == 1 ? " shard" : " shards");
    figure(
        "scale, " + shards + ": drain, floor (one reader a shard)",
        figures.floorRecordsPerSecond(),
        "records/s",
        "");
    figure(
        "scale, " + shards + ": drain, worker",
        figures.workerRecordsPerSecond(),
        "records/s",
        String.format(
            Locale.ROOT,
            "%.0f %% of the floor",
            100 * figures.workerRecordsPerSecond() / figures.floorRecordsPerSecond()));
    figure("scale, " + shards + ": latency p50", figures.latency().at(50), "ms", "");
    figure("scale, " + shards + ": latency p99", figures.latency().at(99), "ms", "");
    figure(
        "scale, " + shards + ": GetRecords calls",
        figures.getRecordsPerSecond(),
        "calls/s",
        "while writing");
    figure(
        "scale, " + shards + ": checkpoints written",
        figures.checkpointsPerSecond(),
        "writes/s",
        "while writing");
  }

  /** Writes summary.csv and the plots; returns the folder. */
  Path finish() {
    List<String> lines = new ArrayList<>(List.of("figure,value,unit,note"));
    summary.forEach(row -> lines.add(String.join(",", row)));
    write("summary.csv", lines);
    if (!latencies.isEmpty()) {
      latencyCdf();
    }
    if (drain != null) {
      drainChart();
    }
    if (!scale.isEmpty()) {
      scaleTable();
      scaleCharts();
    }
    return folder;
  }

  private void latencyCdf() {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(540)
            .title("End-to-end latency, write to line (CDF)")
            .xAxisTitle("latency (ms)")
            .yAxisTitle("fraction of items")
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    latencies.forEach(
        (series, percentiles) -> {
          List<Double> x = percentiles.sortedMillis();
          List<Double> y = new ArrayList<>();
          for (int i = 1; i <= x.size(); i++) {
            y.add((double) i / x.size());
          }
          chart.addSeries(series, x, y).setMarker(SeriesMarkers.NONE);
        });
    save(chart, "latency-cdf.png");
  }

  private void drainChart() {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(700)
            .height(450)
            .title("Backlog drain, records per second (median of the rounds)")
            .yAxisTitle("records/s")
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendVisible(false);
    chart.addSeries(
        "records/s",
        List.of("floor (GetRecords loop)", "worker", "worker, no record bound"),
        List.of(
            drain.median(round -> round.floor().recordsPerSecond()),
            drain.median(round -> round.worker().recordsPerSecond()),
            drain.median(round -> round.workerUnbounded().recordsPerSecond())));
    save(chart, "drain.png");
  }

  private void scaleTable() {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "shards,floor_records_per_s,worker_records_per_s,latency_p50_ms,latency_p99_ms,"
                    + "get_records_per_s,checkpoints_per_s"));
    for (ShardScale.Figures row : scale) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%d,%.1f,%.1f,%.1f,%.1f,%.2f,%.2f",
              row.shards(),
              row.floorRecordsPerSecond(),
              row.workerRecordsPerSecond(),
              row.latency().at(50),
              row.latency().at(99),
              row.getRecordsPerSecond(),
              row.checkpointsPerSecond()));
    }
    write("scale.csv", lines);
  }

  private void scaleCharts() {
    List<Integer> shards = scale.stream().map(ShardScale.Figures::shards).toList();
    XYChart drain = scaleChart("Backlog drain by shard count", "records/s");
    drain.addSeries(
        "floor (one reader a shard)",
        shards,
        scale.stream().map(ShardScale.Figures::floorRecordsPerSecond).toList());
    drain.addSeries(
        "worker", shards, scale.stream().map(ShardScale.Figures::workerRecordsPerSecond).toList());
    save(drain, "scale-drain.png");

    XYChart latency = scaleChart("Latency by shard count, steady writes", "latency (ms)");
    latency.addSeries("p50", shards, scale.stream().map(row -> row.latency().at(50)).toList());
    latency.addSeries("p99", shards, scale.stream().map(row -> row.latency().at(99)).toList());
    save(latency, "scale-latency.png");

    XYChart requests = scaleChart("Requests by shard count, steady writes", "per second");
    requests.addSeries(
        "GetRecords calls",
        shards,
        scale.stream().map(ShardScale.Figures::getRecordsPerSecond).toList());
    requests.addSeries(
        "checkpoints written",
        shards,
        scale.stream().map(ShardScale.Figures::checkpointsPerSecond).toList());
    save(requests, "scale-requests.png");
  }

  /** A chart of a figure against the shard count. */
  static XYChart scaleChart(String title, String yAxis) {
    XYChart chart =
        new XYChartBuilder()
            .width(700)
            .height(450)
            .title(title)
            .xAxisTitle("shards")
            .yAxisTitle(yAxis)
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    return chart;
  }

  private void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, String name) {
    savePng(chart, folder, name);
  }

  static void savePng(
      org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path folder, String name) {
    try {
      BitmapEncoder.saveBitmap(
          chart, folder.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name, e);
    }
  }

  private void write(String name, List<String> lines) {
    try {
      Files.write(folder.resolve(name), lines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name, e);
    }
  }
}
