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

  /** The cap's 100 ms periods so far, and those in which it stopped the group's processes. */
  record Periods(long total, long throttled) {}

  Periods periods() throws IOException {
    long total = -1;
    long throttled = -1;
    for (String line : Files.readAllLines(group.resolve("cpu.stat"))) {
      String[] field = line.split(" ");
      switch (field[0]) {
        case "nr_periods" -> total = Long.parseLong(field[1]);
        case "nr_throttled" -> throttled = Long.parseLong(field[1]);
        default -> {}
      }
    }
    if (total < 0 || throttled < 0) {
      throw new IOException("no nr_periods or nr_throttled in " + group.resolve("cpu.stat"));
    }
    return new Periods(total, throttled);
  }

  /** Removes the group; its processes must have ended. */
  @Override
  public void close() throws IOException {
    Files.deleteIfExists(group);
  }
}
