package io.github.ddbstreamworker.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code run} from the worker's jar in its own JVM sized like the default ECS task, its lease
 * tables on the benchmark's moto_server and its stream on the benchmark's simulator. Each line of
 * its stdout and stderr goes to a consumer as it arrives; the process's CPU, threads and memory
 * come from {@code /proc}, its meters from its {@code /metrics}.
 */
final class TaskSizedWorker implements AutoCloseable {

  /**
   * The JVM as in the default ECS task (0.5 vCPU, 1 GB): it sizes itself for 1 GB (so the initial
   * heap is 16 MB, not a sixty-fourth of this machine's memory), caps the heap at 75 % as the
   * image's entry point does, and sees one processor, so it picks the same collector and thread
   * counts as there.
   */
  static final List<String> TASK_JVM =
      List.of("-XX:MaxRAM=1g", "-XX:MaxRAMPercentage=75", "-XX:ActiveProcessorCount=1");

  /** Linux's USER_HZ: {@code /proc/<pid>/stat} counts CPU time in hundredths of a second. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private static final Duration STOP_WAIT = Duration.ofSeconds(60);
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
  private static final Pattern THREADS = Pattern.compile("Threads:\\s+(\\d+)");
  private static final Pattern HEAP =
      Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)");

  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private TaskSizedWorker(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * @param dynamoDbEndpoint for the lease tables ({@code AWS_ENDPOINT_URL})
   * @param streamsEndpoint for the stream ({@code AWS_ENDPOINT_URL_DYNAMODB_STREAMS})
   * @param lines takes each line, item or log, of stdout and of stderr, on a thread for each
   */
  static TaskSizedWorker start(
      Path jar,
      URI dynamoDbEndpoint,
      URI streamsEndpoint,
      String streamArn,
      String application,
      Consumer<String> lines)
      throws IOException {
    return start(jar, dynamoDbEndpoint, streamsEndpoint, streamArn, application, Map.of(), lines);
  }

  /** As above, with more settings in its environment (a WORKER_ID, say). */
  static TaskSizedWorker start(
      Path jar,
      URI dynamoDbEndpoint,
      URI streamsEndpoint,
      String streamArn,
      String application,
      Map<String, String> settings,
      Consumer<String> lines)
      throws IOException {
    int port = freePort();
    ProcessBuilder builder = new ProcessBuilder(command(jar));
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
                application,
                "HTTP_PORT",
                Integer.toString(port)));
    builder.environment().putAll(settings);
    Process process = builder.start();
    // Two readers, not one merged stream: a log line written while an item line is half written
    // would otherwise land inside it.
    read(process.getInputStream(), lines, "worker-stdout-" + process.pid());
    read(process.getErrorStream(), lines, "worker-stderr-" + process.pid());
    return new TaskSizedWorker(process, port);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The worker's Prometheus text, or "" while it does not answer. */
  String metrics() {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException notYetListening) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** The sum of every sample of {@code metrics} that {@code sample} matches (group 1 the value). */
  static double sum(String metrics, Pattern sample) {
    Matcher matcher = sample.matcher(metrics);
    double sum = 0;
    while (matcher.find()) {
      sum += Double.parseDouble(matcher.group(1));
    }
    return sum;
  }

  /** Heap in use, every pool, in megabytes; empty while {@code /metrics} does not say. */
  static OptionalDouble heapMb(String metrics) {
    double bytes = sum(metrics, HEAP);
    return bytes > 0 ? OptionalDouble.of(bytes / (1024 * 1024)) : OptionalDouble.empty();
  }

  /** User and system CPU time the process has used so far. */
  long cpuNanos() {
    String stat = proc("stat");
    // Fields after the command name, which is in parentheses and may hold spaces.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks * NANOS_PER_TICK;
  }

  double rssMb() {
    return statusField(RSS) / 1024.0;
  }

  int threads() {
    return (int) statusField(THREADS);
  }

  /**
   * Sends SIGTERM, as ECS does to stop a task, and returns at once. Through the process handle:
   * {@link Process#destroy()} also closes this side of the output pipes, and the lines the worker
   * writes while it stops would be lost.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  /**
   * Sends SIGKILL, as a crash of the task would end it, and waits for the process to end; the lines
   * it wrote before are still read.
   */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor();
  }

  /** Sends SIGTERM, as ECS does, and waits for the process; kills it if it takes too long. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  private long statusField(Pattern field) {
    Matcher matcher = field.matcher(proc("status"));
    if (!matcher.find()) {
      throw new IllegalStateException("no " + field.pattern() + " in /proc/<pid>/status");
    }
    return Long.parseLong(matcher.group(1));
  }

  private String proc(String file) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), file));
    } catch (IOException e) {
      throw new UncheckedIOException("the worker process has gone", e);
    }
  }

  private static List<String> command(Path jar) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(TASK_JVM);
    command.addAll(List.of("-jar", jar.toString(), "run"));
    return command;
  }

  private static void read(InputStream stream, Consumer<String> lines, String threadName) {
    Thread reader = new Thread(() -> readLines(stream, lines), threadName);
    reader.setDaemon(true);
    reader.start();
  }

  private static void readLines(InputStream stream, Consumer<String> lines) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.accept(line);
      }
    } catch (IOException closed) {
      // The process ended.
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
