package io.github.ddbstreamworker.bench;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The fleet's figures: a markdown table of the steps on stdout, {@code fleet-steps.csv}, the lease
 * table's readings as {@code fleet-leases.csv}, and {@code fleet-leases.png}, each worker's leases
 * over time.
 */
final class FleetOutput {

  private final Path folder;
  private final PrintStream out;

  FleetOutput(Path folder, PrintStream out) {
    this.folder = folder;
    this.out = out;
  }

  void write(FleetRun.Plan plan, FleetRun.Outcome outcome) {
    out.println();
    out.println(
        "| Step | At | Leader before | All leases held | Spread | Within "
            + FleetRun.EVEN_WITHIN
            + " | Settled | Largest / smallest share | Shares | Leases moved | Repeats | Load |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    List<String> csv =
        new ArrayList<>(
            List.of(
                "step,at_s,leader_before,all_held_s,spread_s,even_s,settled_s,largest,smallest,shares,"
                    + "leases_moved,repeats,load_average"));
    for (FleetRun.Step step : outcome.steps()) {
      out.printf(
          Locale.ROOT,
          "| %s | %.0f s | %s | %s | %s | %s | %s | %d / %d | %s | %d | %d | %s |%n",
          step.action(),
          step.at(),
          step.leader(),
          seconds(step.allHeld()),
          seconds(step.spread()),
          seconds(step.even()),
          seconds(step.settled()),
          step.largest(),
          step.smallest(),
          shares(step),
          step.leasesMoved(),
          step.repeats(),
          step.loadAverage());
      csv.add(
          String.format(
              Locale.ROOT,
              "%s,%.1f,%s,%.1f,%.1f,%.1f,%.1f,%d,%d,%s,%d,%d,%s",
              step.action(),
              step.at(),
              step.leader(),
              step.allHeld(),
              step.spread(),
              step.even(),
              step.settled(),
              step.largest(),
              step.smallest(),
              shares(step),
              step.leasesMoved(),
              step.repeats(),
              step.loadAverage()));
    }
    out.printf(
        Locale.ROOT,
        "%nWritten %d (%.1f a second, %d shards), delivered %d, lost %d, repeated lines %d%n",
        outcome.written(),
        outcome.writesPerSecond(),
        plan.shards(),
        outcome.delivered(),
        outcome.lost(),
        outcome.repeats());
    if (!outcome.missing().isEmpty()) {
      out.println("Never logged: " + String.join(", ", outcome.missing()));
    }
    out.println("A worker-metrics row: " + outcome.workerMetrics());
    write("fleet-steps.csv", csv);
    writeSamples(outcome.samples());
    plot(plan, outcome.samples());
  }

  private static String seconds(double value) {
    return value < 0 ? "no" : String.format(Locale.ROOT, "%.0f s", value);
  }

  private static String shares(FleetRun.Step step) {
    return step.shares().entrySet().stream()
        .map(share -> share.getKey().replace("worker-", "w") + "=" + share.getValue())
        .collect(Collectors.joining(" "));
  }

  private void writeSamples(List<FleetRun.Sample> samples) {
    List<String> workers = workers(samples);
    List<String> lines = new ArrayList<>(List.of("at_s," + String.join(",", workers)));
    for (FleetRun.Sample sample : samples) {
      lines.add(
          String.format(Locale.ROOT, "%.1f,", sample.at())
              + workers.stream()
                  .map(worker -> String.valueOf(sample.shares().getOrDefault(worker, 0)))
                  .collect(Collectors.joining(",")));
    }
    write("fleet-leases.csv", lines);
  }

  private void plot(FleetRun.Plan plan, List<FleetRun.Sample> samples) {
    if (samples.isEmpty()) {
      return;
    }
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(450)
            .title(
                String.format(
                    "Leases held by each worker, %d shards: %d starts, a SIGTERM, a SIGKILL",
                    plan.shards(), plan.workers()))
            .xAxisTitle("seconds from the first worker's start")
            .yAxisTitle("leases held")
            .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    List<Double> at = samples.stream().map(FleetRun.Sample::at).toList();
    for (String worker : workers(samples)) {
      chart
          .addSeries(
              worker,
              at,
              samples.stream()
                  .map(sample -> (double) sample.shares().getOrDefault(worker, 0))
                  .toList())
          .setMarker(SeriesMarkers.NONE);
    }
    BenchOutput.savePng(chart, folder, "fleet-leases.png");
  }

  private static List<String> workers(List<FleetRun.Sample> samples) {
    TreeSet<String> workers = new TreeSet<>();
    samples.forEach(sample -> workers.addAll(sample.shares().keySet()));
    return List.copyOf(workers);
  }

  private void write(String name, List<String> lines) {
    try {
      Files.write(folder.resolve(name), lines);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name, e);
    }
  }
}
