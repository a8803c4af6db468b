package io.github.ddbstreamworker.bench;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.kcl.StreamWorker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The backlog drain beside its floor, in rounds. A round reads the backlog with the bare loop,
 * drains it with the worker at its checkpoint settings and with a worker whose checkpoints have no
 * record bound, only the interval (in turns, which goes first), and reads it with the loop again;
 * each drain has a new lease table, so it starts at TRIM_HORIZON. A drain of a second or two moves
 * by 20 points from one to the next on a shared machine, so every figure is the median of the
 * rounds.
 */
final class BacklogDrain {

  /** Records per second in one round; the floor is the mean of the reads before and after. */
  record Round(double floor, double worker, double workerUnbounded) {}

  /**
   * @param firstDrain the worker's first drain in this JVM, while its code still compiles
   */
  record Figures(double firstDrain, List<Round> rounds) {

    double median(ToDoubleFunction<Round> figure) {
      return Percentiles.of(rounds.stream().map(figure::applyAsDouble).toList()).at(50);
    }

    /** The median of the rounds' ratios, each taken within its own round. */
    double medianRatio(ToDoubleFunction<Round> figure) {
      return median(round -> figure.applyAsDouble(round) / round.floor());
    }

    List<Double> ratios(ToDoubleFunction<Round> figure) {
      return rounds.stream().map(round -> figure.applyAsDouble(round) / round.floor()).toList();
    }
  }

  private final AwsClients clients;
  private final BenchWorkers workers;
  private final StreamFloor floor;
  private final String table;
  private final String streamArn;
  private final long pollMillis;

  BacklogDrain(
      AwsClients clients,
      BenchWorkers workers,
      StreamFloor floor,
      String table,
      String streamArn,
      long pollMillis) {
    this.clients = clients;
    this.workers = workers;
    this.floor = floor;
    this.table = table;
    this.streamArn = streamArn;
    this.pollMillis = pollMillis;
  }

  /** A first pass of each warms the JIT, as in a long-running worker; then the rounds. */
  Figures measure(int backlog, int rounds) throws InterruptedException {
    floor.read(streamArn, backlog);
    double firstDrain = drain(workers, backlog, "bench-drain-first");
    BenchWorkers unbounded = workers.withoutRecordBound();
    List<Round> measured = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      double floorBefore = floorRate(backlog);
      double worker;
      double workerUnbounded;
      if (round % 2 == 1) {
        worker = drain(workers, backlog, "bench-drain-" + round);
        workerUnbounded = drain(unbounded, backlog, "bench-drain-unbounded-" + round);
      } else {
        workerUnbounded = drain(unbounded, backlog, "bench-drain-unbounded-" + round);
        worker = drain(workers, backlog, "bench-drain-" + round);
      }
      double floorAfter = floorRate(backlog);
      measured.add(new Round((floorBefore + floorAfter) / 2, worker, workerUnbounded));
    }
    return new Figures(firstDrain, List.copyOf(measured));
  }

  private double floorRate(int backlog) {
    return backlog / (floor.read(streamArn, backlog) / 1e9);
  }

  /** Records per second from the first line to the last, start-up left out. */
  private double drain(BenchWorkers drainers, int backlog, String application)
      throws InterruptedException {
    TimedSink sink = new TimedSink();
    StreamWorker worker =
        drainers.start(
            clients, table, application, application, pollMillis, sink, new SimpleMeterRegistry());
    try {
      BenchWorkers.awaitUntil(() -> sink.count() >= backlog);
    } finally {
      worker.close();
    }
    return BenchWorkers.rate(sink, backlog);
  }
}
