package io.github.ddbstreamworker.cli;

/** Process exit codes. */
final class ExitCode {
  static final int OK = 0;

  /** The worker could not start or stopped on its own: missing table or stream, AWS errors. */
  static final int FAILED = 1;

  /** Unusable settings or command line. */
  static final int BAD_SETTINGS = 2;

  private ExitCode() {}
}
