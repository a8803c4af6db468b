package io.github.ddbstreamworker.cli;

/** Process exit codes. */
public final class ExitCode {
  public static final int OK = 0;

  /** The worker could not start or stopped on its own: missing table or stream, AWS errors. */
  public static final int FAILED = 1;

  /** Unusable settings or command line. */
  public static final int BAD_SETTINGS = 2;

  /**
   * The stream ended while the worker ran: disabled or its table deleted, every record read, and
   * nothing to follow (STREAM_ARN, or a table with no enabled stream).
   */
  public static final int STREAM_ENDED = 3;

  private ExitCode() {}
}
