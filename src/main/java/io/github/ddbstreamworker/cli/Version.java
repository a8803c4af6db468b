package io.github.ddbstreamworker.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar's manifest. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "ddb-stream-worker " + (version == null ? "(development build)" : version)
    };
  }
}
