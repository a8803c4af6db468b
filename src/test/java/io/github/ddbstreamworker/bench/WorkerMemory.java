package io.github.ddbstreamworker.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The worker's memory alone: {@code run} in its own JVM (heap capped as in a 1 GB Fargate task),
 * its lease tables on the benchmark's moto_server and its stream on the benchmark's simulator,
 * draining a backlog and then idling. Resident set size from {@code /proc}, heap in use from the
 * worker's {@code /metrics}.
 */
final class WorkerMemory {

  private static final Duration STEADY_WINDOW = Duration.ofSeconds(20);
  private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);
  private static final Pattern LOGGED =
      Pattern.compile(
          "ddb_stream_records_total\\{event_name=\"INSERT\",outcome=\"logged\"} ([0-9.E+]+)");

  /** Megabytes: the largest while draining, the median once idle. */
  record Figures(double peakRssMb, double peakHeapMb, double steadyRssMb, double steadyHeapMb) {}

  private WorkerMemory() {}

  /**
   * @param dynamoDbEndpoint for the lease tables ({@code AWS_ENDPOINT_URL})
   * @param streamsEndpoint for the stream ({@code AWS_ENDPOINT_URL_DYNAMODB_STREAMS})
   */
  static Figures measure(
      Path jar, URI dynamoDbEndpoint, URI streamsEndpoint, String streamArn, int backlog)
      throws IOException, InterruptedException {
    try (TaskSizedWorker worker =
        TaskSizedWorker.start(
            jar, dynamoDbEndpoint, streamsEndpoint, streamArn, "bench-memory", line -> {})) {
      List<Double> rss = new ArrayList<>();
      List<Double> heap = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (logged(worker) < backlog) {
        if (!worker.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("the worker process did not drain the backlog");
        }
        sample(worker, rss, heap);
      }
      double peakRss = Collections.max(rss);
      double peakHeap = heap.isEmpty() ? 0 : Collections.max(heap);
      rss.clear();
      heap.clear();
      long idleUntil = System.nanoTime() + STEADY_WINDOW.toNanos();
      while (System.nanoTime() < idleUntil) {
        sample(worker, rss, heap);
      }
      return new Figures(peakRss, peakHeap, median(rss), median(heap));
    }
  }

  private static void sample(TaskSizedWorker worker, List<Double> rss, List<Double> heap)
      throws InterruptedException {
    rss.add(worker.rssMb());
    TaskSizedWorker.heapMb(worker.metrics()).ifPresent(heap::add);
    Thread.sleep(SAMPLE_EVERY.toMillis());
  }

  private static double logged(TaskSizedWorker worker) throws InterruptedException {
    double logged = TaskSizedWorker.sum(worker.metrics(), LOGGED);
    Thread.sleep(50);
    return logged;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
  }
}
