package io.github.ddbstreamworker.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code moto_server} (moto, Apache-2.0) as a child process on a loopback port: the DynamoDB and
 * DynamoDB Streams endpoint of {@code local}. It keeps everything in memory.
 */
public final class MotoServerProcess implements AutoCloseable {

  public static final String EXECUTABLE = "moto_server";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

  private final Process process;
  private final int port;
  private final Path output;
  private final LeftoverChildren leftovers;

  private MotoServerProcess(Process process, int port, Path output, LeftoverChildren leftovers) {
    this.process = process;
    this.port = port;
    this.output = output;
    this.leftovers = leftovers;
  }

  /**
   * Starts moto_server and waits until it accepts connections.
   *
   * @param port the loopback port; 0 picks a free one
   * @throws MotoServerNotFoundException if no {@code moto_server} is on the PATH
   */
  public static MotoServerProcess start(int port, Duration startTimeout) {
    Path executable = findOnPath(EXECUTABLE).orElseThrow(MotoServerNotFoundException::new);
    LeftoverChildren leftovers = LeftoverChildren.inTemporaryDirectory();
    leftovers.stopThoseOfEndedParents(EXECUTABLE);
    int chosenPort = port == 0 ? freePort() : requireFree(port);
    Path output = temporaryFile();
    Process process;
    try {
      process =
          new ProcessBuilder(command(executable, chosenPort))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + executable + ": " + e.getMessage(), e);
    }
    leftovers.record(process.toHandle());
    MotoServerProcess server = new MotoServerProcess(process, chosenPort, output, leftovers);
    try {
      server.awaitAccepting(startTimeout);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public long pid() {
    return process.pid();
  }

  /**
   * A terminal's Ctrl-C reaches its whole process group, and moto_server stops at once on SIGINT;
   * in a session of its own (util-linux {@code setsid}, which execs in place) it outlives the
   * worker's graceful stop, which still writes to the lease table, and {@link #close()} stops it
   * after. Without {@code setsid} (macOS), Ctrl-C stops both at once.
   */
  private static List<String> command(Path executable, int port) {
    List<String> command = new ArrayList<>();
    findOnPath("setsid").ifPresent(setsid -> command.add(setsid.toString()));
    command.addAll(List.of(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)));
    return command;
  }

  private void awaitAccepting(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!accepts()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            EXECUTABLE + " exited with code " + process.exitValue() + " at start" + lastOutput());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            EXECUTABLE + " did not answer on port " + port + " within " + timeout + lastOutput());
      }
      sleep(Duration.ofMillis(100));
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
          (int) PROBE_TIMEOUT.toMillis());
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private String lastOutput() {
    try {
      List<String> lines = Files.readAllLines(output);
      List<String> last = lines.subList(Math.max(0, lines.size() - 5), lines.size());
      return last.isEmpty() ? "" : "; it printed: " + String.join(" | ", last);
    } catch (IOException e) {
      return "";
    }
  }

  /** Stops the child (SIGTERM, then SIGKILL after five seconds) and forgets it. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      leftovers.forget(process.toHandle());
      try {
        Files.deleteIfExists(output);
      } catch (IOException ignored) {
        // a temporary file; the system cleans it up
      }
    }
  }

  static Optional<Path> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (directory.isBlank()) {
        continue;
      }
      Path candidate = Path.of(directory, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static int requireFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return port;
    } catch (IOException inUse) {
      throw new PortInUseException(port);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port for " + EXECUTABLE, e);
    }
  }

  private static Path temporaryFile() {
    try {
      return Files.createTempFile(EXECUTABLE + "-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + EXECUTABLE, e);
    }
  }

  /** {@code moto_server} is not on the PATH. */
  public static final class MotoServerNotFoundException extends RuntimeException {
    MotoServerNotFoundException() {
      super(
          EXECUTABLE
              + " was not found on the PATH. `local` runs the worker on moto_server (moto,"
              + " Apache-2.0): install it with `pip install \"moto[server]\"`, or run it in a"
              + " container with `docker run --rm -p 5000:5000 motoserver/moto` and pass"
              + " `--endpoint-url http://localhost:5000`; any DynamoDB-compatible endpoint that is"
              + " already running works with `--endpoint-url URL`");
    }
  }

  /** The port asked for is taken. */
  public static final class PortInUseException extends RuntimeException {
    PortInUseException(int port) {
      super(
          "port "
              + port
              + " on 127.0.0.1 is in use: pass --port 0 for a free one, or --endpoint-url if a"
              + " DynamoDB-compatible server already listens there");
    }
  }
}
