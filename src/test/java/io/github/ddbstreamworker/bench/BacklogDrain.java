package io.github.ddbstreamworker.bench;

import com.sun.management.OperatingSystemMXBean;
import io.github.ddbstreamworker.app.WorkerAssembly;
import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.metrics.MeterNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
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

  /**
   * One read of the backlog: records per second, the CPU time this process (the stream simulator,
   * the reader, the worker) spent per record meanwhile, and the CPU time moto_server (the lease
   * table's endpoint, a child process) spent per record; for a worker, the mean time a checkpoint
   * took to write (not a number for the floor, which writes none).
   */
  record Pass(
      double recordsPerSecond,
      double cpuMicrosPerRecord,
      double dynamoDbCpuMicrosPerRecord,
      double checkpointMillis) {

    static Pass mean(Pass a, Pass b) {
      return new Pass(
          (a.recordsPerSecond + b.recordsPerSecond) / 2,
          (a.cpuMicrosPerRecord + b.cpuMicrosPerRecord) / 2,
          (a.dynamoDbCpuMicrosPerRecord + b.dynamoDbCpuMicrosPerRecord) / 2,
          (a.checkpointMillis + b.checkpointMillis) / 2);
    }
  }

  /** One round; the floor is the mean of the reads before and after. */
  record Round(Pass floor, Pass worker, Pass workerUnbounded) {}

  /**
   * @param firstDrain the worker's first drain in this JVM, while its code still compiles
   */
  record Figures(double firstDrain, List<Round> rounds) {

    /** The middle round's figure; of an even number of rounds, the lower of the two middle. */
    double median(ToDoubleFunction<Round> figure) {
      double[] sorted = rounds.stream().mapToDouble(figure).sorted().toArray();
      return sorted[(sorted.length - 1) / 2];
    }

    /** The median of the rounds' rate ratios to the floor, each taken within its own round. */
    double medianRatio(Function<Round, Pass> pass) {
      return median(round -> ratio(round, pass));
    }

    List<Double> ratios(Function<Round, Pass> pass) {
      return rounds.stream().map(round -> ratio(round, pass)).toList();
    }

    private static double ratio(Round round, Function<Round, Pass> pass) {
      return pass.apply(round).recordsPerSecond() / round.floor().recordsPerSecond();
    }
  }

  private final AwsClients clients;
  private final BenchWorkers workers;
  private final StreamFloor floor;
  private final String streamArn;
  private final long pollMillis;
  private final LongSupplier dynamoDbCpuNanos;

  /**
   * @param dynamoDbCpuNanos moto_server's CPU time so far, -1 if not known
   */
  BacklogDrain(
      AwsClients clients,
      BenchWorkers workers,
      StreamFloor floor,
      String streamArn,
      long pollMillis,
      LongSupplier dynamoDbCpuNanos) {
    this.clients = clients;
    this.workers = workers;
    this.floor = floor;
    this.streamArn = streamArn;
    this.pollMillis = pollMillis;
    this.dynamoDbCpuNanos = dynamoDbCpuNanos;
  }

  /** A first pass of each warms the JIT, as in a long-running worker; then the rounds. */
  Figures measure(int backlog, int rounds) throws InterruptedException {
    floor.read(streamArn, backlog);
    double firstDrain = drain(workers, backlog, "bench-drain-first").recordsPerSecond();
    BenchWorkers unbounded = workers.withoutRecordBound();
    List<Round> measured = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      Pass floorBefore = floorPass(backlog);
      Pass worker;
      Pass workerUnbounded;
      if (round % 2 == 1) {
        worker = drain(workers, backlog, "bench-drain-" + round);
        workerUnbounded = drain(unbounded, backlog, "bench-drain-unbounded-" + round);
      } else {
        workerUnbounded = drain(unbounded, backlog, "bench-drain-unbounded-" + round);
        worker = drain(workers, backlog, "bench-drain-" + round);
      }
      Pass floorAfter = floorPass(backlog);
      measured.add(new Round(Pass.mean(floorBefore, floorAfter), worker, workerUnbounded));
    }
    return new Figures(firstDrain, List.copyOf(measured));
  }

  private Pass floorPass(int backlog) {
    long cpuBefore = processCpuNanos();
    long dynamoDbBefore = dynamoDbCpuNanos.getAsLong();
    long nanos = floor.read(streamArn, backlog);
    return new Pass(
        backlog / (nanos / 1e9),
        (processCpuNanos() - cpuBefore) / 1e3 / backlog,
        perRecord(dynamoDbBefore, dynamoDbCpuNanos.getAsLong(), backlog),
        Double.NaN);
  }

  /**
   * Records per second from the first line to the last, start-up left out; the CPU time from when
   * the first line is seen (within the 5 ms the wait polls at) to the last, not a number when every
   * line came before that.
   */
  private Pass drain(BenchWorkers drainers, int backlog, String application)
      throws InterruptedException {
    TimedSink sink = new TimedSink();
    MeterRegistry registry = new SimpleMeterRegistry();
    WorkerAssembly worker =
        drainers.start(clients, streamArn, application, application, pollMillis, sink, registry);
    long cpu;
    long dynamoDbBefore;
    long dynamoDbAfter;
    int linesBefore;
    try {
      BenchWorkers.awaitUntil(() -> sink.count() > 0);
      long cpuBefore = processCpuNanos();
      dynamoDbBefore = dynamoDbCpuNanos.getAsLong();
      linesBefore = sink.count();
      BenchWorkers.awaitUntil(() -> sink.count() >= backlog);
      cpu = processCpuNanos() - cpuBefore;
      dynamoDbAfter = dynamoDbCpuNanos.getAsLong();
    } finally {
      worker.close();
    }
    int linesTimed = backlog - linesBefore;
    return new Pass(
        BenchWorkers.rate(sink, backlog),
        linesTimed > 0 ? cpu / 1e3 / linesTimed : Double.NaN,
        perRecord(dynamoDbBefore, dynamoDbAfter, linesTimed),
        meanCheckpointMillis(registry));
  }

  /** Over every checkpoint the worker wrote, its last one at shutdown included. */
  private static double meanCheckpointMillis(MeterRegistry registry) {
    long count = 0;
    double millis = 0;
    for (Timer timer : registry.find(MeterNames.CHECKPOINT_LATENCY).timers()) {
      count += timer.count();
      millis += timer.totalTime(TimeUnit.MILLISECONDS);
    }
    return count > 0 ? millis / count : Double.NaN;
  }

  /** Microseconds a record; not a number when unknown or when no record was timed. */
  private static double perRecord(long nanosBefore, long nanosAfter, int records) {
    return nanosBefore < 0 || nanosAfter < 0 || records <= 0
        ? Double.NaN
        : (nanosAfter - nanosBefore) / 1e3 / records;
  }

  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
