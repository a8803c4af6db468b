package io.github.ddbstreamworker.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The simulator knows nothing of the worker, and only the command line and the benchmark (which
 * measures the worker against it) know the simulator, so neither can lean on the other's behaviour.
 */
class SimulatorBoundaryTest {

  private static final Path SOURCES = Path.of("src/main/java/io/github/ddbstreamworker");

  @Test
  void theSimulatorImportsNoOtherPackageOfTheProject() throws IOException {
    assertThat(importsIn(SOURCES.resolve("simulator")))
        .filteredOn(line -> line.contains("io.github.ddbstreamworker."))
        .allSatisfy(line -> assertThat(line).contains("io.github.ddbstreamworker.simulator."));
  }

  @Test
  void onlyTheCommandLineAndTheBenchmarkImportTheSimulator() throws IOException {
    try (Stream<Path> packages = Files.list(SOURCES)) {
      for (Path folder : packages.filter(Files::isDirectory).toList()) {
        String name = folder.getFileName().toString();
        if (name.equals("simulator") || name.equals("cli") || name.equals("bench")) {
          continue;
        }
        assertThat(importsIn(folder))
            .as("imports in %s", name)
            .noneMatch(line -> line.contains("io.github.ddbstreamworker.simulator"));
      }
    }
  }

  private static List<String> importsIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(file -> file.toString().endsWith(".java"))
          .flatMap(SimulatorBoundaryTest::lines)
          .filter(line -> line.startsWith("import "))
          .toList();
    }
  }

  private static Stream<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
