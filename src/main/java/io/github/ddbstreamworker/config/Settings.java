package io.github.ddbstreamworker.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** All settings of a worker, read together so every bad one is reported at once. */
public record Settings(WorkerSettings worker, MetricsSettings metrics, FailureSettings failures) {

  public static Settings from(Function<String, String> lookup) {
    List<String> problems = new ArrayList<>();
    WorkerSettings worker = read(() -> WorkerSettings.from(lookup), problems);
    MetricsSettings metrics = read(() -> MetricsSettings.from(lookup), problems);
    FailureSettings failures = read(() -> FailureSettings.from(lookup), problems);
    if (!problems.isEmpty()) {
      throw new InvalidSettingsException(problems);
    }
    return new Settings(worker, metrics, failures);
  }

  private static <T> T read(Supplier<T> reader, List<String> problems) {
    try {
      return reader.get();
    } catch (InvalidSettingsException e) {
      problems.addAll(e.problems());
      return null;
    }
  }
}
