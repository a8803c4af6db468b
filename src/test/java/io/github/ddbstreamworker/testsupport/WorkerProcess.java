package io.github.ddbstreamworker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * The worker's command line in a child JVM, with a clean environment; stdout (item lines) and
 * stderr (the log) are kept apart.
 */
public final class WorkerProcess implements AutoCloseable {

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final long startedNanos = System.nanoTime();

  private WorkerProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts {@code ddb-stream-worker <args>} with exactly the given environment variables. */
  public static WorkerProcess start(Map<String, String> environment, String... args) {
    return start(List.of(), environment, args);
  }

  /** As {@link #start(Map, String...)}, with options for the child JVM (such as {@code -D...}). */
  public static WorkerProcess start(
      List<String> jvmOptions, Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.github.ddbstreamworker.cli.Main");
    command.addAll(List.of(args));
    try {
      // Files, not pipes: the JDK may close a pipe under a reader when the process exits.
      Path stdout = Files.createTempFile("worker-process", ".out");
      Path stderr = Files.createTempFile("worker-process", ".err");
      stdout.toFile().deleteOnExit();
      stderr.toFile().deleteOnExit();
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile());
      builder.environment().clear();
      builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      builder.environment().putAll(environment);
      return new WorkerProcess(builder.start(), stdout, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The environment that points the SDK at the test run's moto_server. */
  public static Map<String, String> motoAwsEnvironment() {
    return motoAwsEnvironment(MotoDynamoDb.endpoint());
  }

  /** The environment that points the SDK at the given moto_server. */
  public static Map<String, String> motoAwsEnvironment(URI endpoint) {
    return Map.of(
        "AWS_REGION", "us-east-1",
        "AWS_ACCESS_KEY_ID", "local",
        "AWS_SECRET_ACCESS_KEY", "local",
        "AWS_ENDPOINT_URL", endpoint.toString());
  }

  /** Every complete line written so far: stdout's, then stderr's. */
  public List<String> lines() {
    List<String> all = new ArrayList<>(stdoutLines());
    all.addAll(stderrLines());
    return all;
  }

  /** Every complete line written to stdout so far: the item lines. */
  public List<String> stdoutLines() {
    return completeLines(stdout);
  }

  /** Every complete line written to stderr so far: the log. */
  public List<String> stderrLines() {
    return completeLines(stderr);
  }

  private static List<String> completeLines(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String output() {
    return String.join("\n", lines());
  }

  /** Waits for a line that matches, and returns how long after the start it came. */
  public Duration awaitLine(Predicate<String> matches, Duration timeout) {
    Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(20))
        .failFast(
            "the worker exited", () -> !process.isAlive() && lines().stream().noneMatch(matches))
        .until(() -> lines().stream().anyMatch(matches));
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** Waits for the process to end on its own and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + timeout + ": " + tail());
    }
    return process.exitValue();
  }

  /** Sends SIGKILL: the worker gets no chance to checkpoint or release anything. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends SIGTERM, as ECS does to stop a task. */
  public void terminate() {
    process.destroy();
  }

  private String tail() {
    List<String> all = lines();
    return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
