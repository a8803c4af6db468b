package io.github.ddbstreamworker.cli;

/** Process exit codes. */
public final class ExitCode {
  public static final int OK = 0;

  /** The worker could not start or stopped on its own: missing table or stream, AWS errors. */
  public static final int FAILED = 1;

  /** Unusable settings or command line. */
  public static final int BAD_SETTINGS = 2;

  private ExitCode() {}
}
