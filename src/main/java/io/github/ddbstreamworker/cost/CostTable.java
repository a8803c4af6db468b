package io.github.ddbstreamworker.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Writes the monthly cost of both consumers for people: one column per set of inputs, the cost
 * lines and totals, the quantities behind them, and where the prices come from. The columns are
 * expected to differ only in writes, shards and workers; the footer states the other inputs once.
 */
public final class CostTable {

  private static final String INDENT = "  ";

  private CostTable() {}

  public static String format(List<CostInputs> columns) {
    List<ConsumerCost> workers = columns.stream().map(CostModel::worker).toList();
    List<ConsumerCost> lambdas = columns.stream().map(CostModel::lambda).toList();
    List<MonthlyUsage> usage = columns.stream().map(MonthlyUsage::of).toList();
    CostInputs first = columns.get(0);

    List<String[]> rows = new ArrayList<>();
    rows.add(row("USD a month", columns, in -> rate(in.writesPerSecond())));
    rows.add(row("Open shards / ECS tasks", columns, in -> in.openShards() + " / " + in.workers()));
    consumer(workers, rows);
    consumer(lambdas, rows);
    rows.add(new String[] {"Quantities a month"});
    rows.add(row(INDENT + "GetRecords calls (worker)", usage, u -> count(u.streamReads())));
    rows.add(row(INDENT + "KCL table writes", usage, u -> count(u.kclTableWrites())));
    rows.add(row(INDENT + "CloudWatch metrics", usage, u -> count(u.customMetrics())));
    rows.add(row(INDENT + "Item-line GB (worker)", usage, u -> gb(u.workerLogGb())));
    rows.add(row(INDENT + "Lambda invocations", usage, u -> count(u.lambdaInvocations())));
    rows.add(row(INDENT + "Lambda GB-seconds", usage, u -> count(u.lambdaGbSeconds())));
    rows.add(row(INDENT + "Lambda log GB", usage, u -> gb(u.lambdaLogGb())));

    StringBuilder out = new StringBuilder();
    align(rows, out);
    out.append(
            String.format(
                Locale.ROOT,
                "Items of %,d bytes; %s h a month; tasks of %s vCPU, %s GB, checkpointing %s; a"
                    + " %,.0f MB function, %s ms a batch.%n",
                first.itemBytes(),
                number(first.hoursPerMonth()),
                number(first.taskVcpu()),
                number(first.taskMemoryGb()),
                first.checkpointIntervalMillis() == 0
                    ? "after every batch"
                    : String.format(
                        Locale.ROOT, "at most once per %,d ms", first.checkpointIntervalMillis()),
                first.lambdaMemoryGb() * 1024,
                number(first.lambdaBatchMillis())))
        .append(
            first.freeTier()
                ? "Monthly free tiers taken off (--no-free-tier for list prices).\n"
                : "List prices, no free tier.\n")
        .append("Prices: ")
        .append(Prices.SOURCE)
        .append('\n');
    return out.toString();
  }

  private static void consumer(List<ConsumerCost> costs, List<String[]> rows) {
    rows.add(new String[] {costs.get(0).consumer()});
    for (int line = 0; line < costs.get(0).lines().size(); line++) {
      int index = line;
      rows.add(
          row(
              INDENT + costs.get(0).lines().get(index).item(),
              costs,
              cost -> dollars(cost.lines().get(index).dollars())));
    }
    rows.add(row(INDENT + "Total", costs, cost -> dollars(cost.total())));
  }

  private static <T> String[] row(String label, List<T> columns, Function<T, String> cell) {
    String[] row = new String[columns.size() + 1];
    row[0] = label;
    for (int i = 0; i < columns.size(); i++) {
      row[i + 1] = cell.apply(columns.get(i));
    }
    return row;
  }

  /** Labels left, figures right, three spaces between columns. */
  private static void align(List<String[]> rows, StringBuilder out) {
    int columns = rows.stream().mapToInt(row -> row.length).max().orElse(1);
    int[] widths = new int[columns];
    for (String[] row : rows) {
      if (row.length == 1) {
        continue; // a heading: it may run into the figures' space
      }
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      line.append(row.length == 1 ? row[0] : pad(row[0], widths[0], false));
      for (int i = 1; i < row.length; i++) {
        line.append("   ").append(pad(row[i], widths[i], true));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }

  private static String pad(String text, int width, boolean right) {
    String spaces = " ".repeat(Math.max(0, width - text.length()));
    return right ? spaces + text : text + spaces;
  }

  private static String rate(double writesPerSecond) {
    return number(writesPerSecond) + (writesPerSecond == 1 ? " write/s" : " writes/s");
  }

  private static String dollars(double value) {
    return String.format(Locale.ROOT, "%,.2f", value);
  }

  private static String count(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  private static String gb(double value) {
    return String.format(Locale.ROOT, "%,.1f", value);
  }

  /** Whole numbers without decimals, others with up to two. */
  private static String number(double value) {
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%,.2f", value).replaceAll("0+$", "");
  }
}
