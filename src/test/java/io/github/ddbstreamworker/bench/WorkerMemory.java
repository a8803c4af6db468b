package io.github.ddbstreamworker.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker's memory alone: {@code run} in its own JVM (heap capped as in a 1 GB Fargate task),
 * its lease tables on the benchmark's moto_server and its stream on the benchmark's simulator,
 * draining a backlog and then idling. Resident set size from {@code /proc}, heap in use from the
 * worker's {@code /metrics}.
 */
final class WorkerMemory {

  /**
   * The JVM as in the default ECS task (0.5 vCPU, 1 GB): it sizes itself for 1 GB (so the initial
   * heap is 16 MB, not a sixty-fourth of this machine's memory), caps the heap at 75 % as the
   * image's entry point does, and sees one processor, so it picks the same collector and thread
   * counts as there.
   */
  static final List<String> TASK_JVM =
      List.of("-XX:MaxRAM=1g", "-XX:MaxRAMPercentage=75", "-XX:ActiveProcessorCount=1");

  private static final Duration STEADY_WINDOW = Duration.ofSeconds(20);
  private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
  private static final Pattern HEAP =
      Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)");
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
    int port = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(command(jar))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    // The stream is named by its ARN; a TABLE_NAME from this shell would contradict it.
    builder.environment().remove("TABLE_NAME");
    builder
        .environment()
        .putAll(
            Map.of(
                "AWS_ENDPOINT_URL",
                dynamoDbEndpoint.toString(),
                "AWS_ENDPOINT_URL_DYNAMODB_STREAMS",
                streamsEndpoint.toString(),
                "AWS_REGION",
                "us-east-1",
                "AWS_ACCESS_KEY_ID",
                "local",
                "AWS_SECRET_ACCESS_KEY",
                "local",
                "STREAM_ARN",
                streamArn,
                "APPLICATION_NAME",
                "bench-memory",
                "HTTP_PORT",
                Integer.toString(port)));
    Process worker = builder.start();
    try {
      List<Double> rss = new ArrayList<>();
      List<Double> heap = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (logged(port) < backlog) {
        if (!worker.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("the worker process did not drain the backlog");
        }
        sample(worker, port, rss, heap);
      }
      double peakRss = Collections.max(rss);
      double peakHeap = heap.isEmpty() ? 0 : Collections.max(heap);
      rss.clear();
      heap.clear();
      long idleUntil = System.nanoTime() + STEADY_WINDOW.toNanos();
      while (System.nanoTime() < idleUntil) {
        sample(worker, port, rss, heap);
      }
      return new Figures(peakRss, peakHeap, median(rss), median(heap));
    } finally {
      worker.destroy();
      worker.waitFor();
    }
  }

  private static List<String> command(Path jar) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(TASK_JVM);
    command.addAll(List.of("-jar", jar.toString(), "run"));
    return command;
  }

  private static void sample(Process worker, int port, List<Double> rss, List<Double> heap)
      throws InterruptedException {
    rssMb(worker.pid()).ifPresent(rss::add);
    String metrics = metrics(port);
    Matcher used = HEAP.matcher(metrics);
    double heapBytes = 0;
    while (used.find()) {
      heapBytes += Double.parseDouble(used.group(1));
    }
    if (heapBytes > 0) {
      heap.add(heapBytes / (1024 * 1024));
    }
    Thread.sleep(SAMPLE_EVERY.toMillis());
  }

  private static java.util.Optional<Double> rssMb(long pid) {
    try {
      Matcher matcher =
          RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
      return matcher.find()
          ? java.util.Optional.of(Long.parseLong(matcher.group(1)) / 1024.0)
          : java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private static double logged(int port) throws InterruptedException {
    Matcher matcher = LOGGED.matcher(metrics(port));
    Thread.sleep(50);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }

  private static String metrics(int port) throws InterruptedException {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException notYetListening) {
      return "";
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
