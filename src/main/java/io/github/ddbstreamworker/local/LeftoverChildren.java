package io.github.ddbstreamworker.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Child processes this program started, one small file each, so that a child left running by a
 * {@code kill -9} of its parent (no shutdown hook runs then) is found and stopped on the next
 * start. A file holds the parent's and the child's pid and start time, so a reused pid is never
 * mistaken for the child.
 */
final class LeftoverChildren {

  private static final Logger log = LoggerFactory.getLogger(LeftoverChildren.class);

  private final Path directory;

  LeftoverChildren(Path directory) {
    this.directory = directory;
  }

  static LeftoverChildren inTemporaryDirectory() {
    return new LeftoverChildren(
        Path.of(System.getProperty("java.io.tmpdir"), "ddb-stream-worker-children"));
  }

  void record(ProcessHandle child) {
    try {
      Files.createDirectories(directory);
      ProcessHandle parent = ProcessHandle.current();
      Files.writeString(
          fileOf(child),
          String.join(
              "\n",
              Long.toString(parent.pid()),
              startOf(parent).map(Instant::toString).orElse("?"),
              startOf(child).map(Instant::toString).orElse("?")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record child process " + child.pid(), e);
    }
  }

  void forget(ProcessHandle child) {
    try {
      Files.deleteIfExists(fileOf(child));
    } catch (IOException ignored) {
      // found again on the next start, and then its child is gone
    }
  }

  /**
   * Stops each recorded child whose parent has ended and whose command line still names {@code
   * executable}, and reports it; forgets every record whose parent has ended.
   */
  void stopThoseOfEndedParents(String executable) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        stopIfLeftOver(file, executable);
      }
    } catch (IOException e) {
      log.warn("cannot look for child processes left by an earlier run in {}", directory, e);
    }
  }

  private void stopIfLeftOver(Path file, String executable) throws IOException {
    List<String> lines = Files.readAllLines(file);
    long childPid;
    try {
      childPid = Long.parseLong(file.getFileName().toString());
      if (lines.size() < 3) {
        throw new NumberFormatException("short record");
      }
      if (isAlive(Long.parseLong(lines.get(0)), lines.get(1))) {
        return;
      }
    } catch (NumberFormatException unreadable) {
      Files.deleteIfExists(file);
      return;
    }
    Optional<ProcessHandle> child =
        ProcessHandle.of(childPid)
            .filter(handle -> sameStart(handle, lines.get(2)))
            .filter(handle -> commandLineOf(handle).contains(executable));
    if (child.isPresent()) {
      log.warn(
          "stopping {} (pid {}) left running by an earlier run that was killed before it could"
              + " stop it",
          executable,
          childPid);
      stop(child.get());
    }
    Files.deleteIfExists(file);
  }

  private static boolean isAlive(long pid, String start) {
    return ProcessHandle.of(pid).filter(handle -> sameStart(handle, start)).isPresent();
  }

  private static boolean sameStart(ProcessHandle handle, String recordedStart) {
    return startOf(handle).map(Instant::toString).orElse("?").equals(recordedStart);
  }

  private static Optional<Instant> startOf(ProcessHandle handle) {
    return handle.info().startInstant();
  }

  private static String commandLineOf(ProcessHandle handle) {
    return handle.info().commandLine().orElse("");
  }

  private static void stop(ProcessHandle child) {
    child.destroy();
    try {
      child.onExit().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      child.destroyForcibly();
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException stillRunning) {
      child.destroyForcibly();
    }
  }

  private Path fileOf(ProcessHandle child) {
    return directory.resolve(Long.toString(child.pid()));
  }
}
