package io.github.ddbstreamworker.core;

/** A record the pipeline could not turn into a line. The message never holds item data. */
public final class RecordFailedException extends RuntimeException {
  public RecordFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
