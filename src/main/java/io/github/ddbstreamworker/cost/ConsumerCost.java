package io.github.ddbstreamworker.cost;

import java.util.List;

/** One consumer's monthly cost, line by line. */
public record ConsumerCost(String consumer, List<Line> lines) {

  public ConsumerCost {
    lines = List.copyOf(lines);
  }

  /** One priced item of the bill, in US dollars a month. */
  public record Line(String item, double dollars) {}

  public double total() {
    return lines.stream().mapToDouble(Line::dollars).sum();
  }
}
