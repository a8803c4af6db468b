package io.github.ddbstreamworker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cgroup of the cgroup v1 cpu controller that caps the CPU time of the processes in it, as
 * Fargate caps a task's at its vCPU: 0.5 is half a core's time in every 100 ms. Needs the
 * controller at {@code /sys/fs/cgroup/cpu} and the right to make a group there.
 */
final class CpuCap implements AutoCloseable {

  private static final Path CONTROLLER = Path.of("/sys/fs/cgroup/cpu");
  private static final long PERIOD_MICROS = 100_000;

  private final Path group;

  private CpuCap(Path group) {
    this.group = group;
  }

  /**
   * @throws IOException where there is no such controller or no right to make a group
   */
  static CpuCap create(String name, double cpus) throws IOException {
    Path group = CONTROLLER.resolve(name);
    Files.createDirectory(group);
    CpuCap cap = new CpuCap(group);
    try {
      Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_MICROS));
      Files.writeString(
          group.resolve("cpu.cfs_quota_us"), Long.toString(Math.round(cpus * PERIOD_MICROS)));
      return cap;
    } catch (IOException e) {
      cap.close();
      throw e;
    }
  }

  /** Moves the process, every thread of it, into the group. */
  void add(long pid) throws IOException {
    Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
  }

  /** Nanoseconds the group's processes have waited, throttled by the cap, so far. */
  long throttledNanos() throws IOException {
    for (String line : Files.readAllLines(group.resolve("cpu.stat"))) {
      if (line.startsWith("throttled_time ")) {
        return Long.parseLong(line.substring("throttled_time ".length()).trim());
      }
    }
    throw new IOException("no throttled_time in " + group.resolve("cpu.stat"));
  }

  /** Removes the group; its processes must have ended. */
  @Override
  public void close() throws IOException {
    Files.deleteIfExists(group);
  }
}
