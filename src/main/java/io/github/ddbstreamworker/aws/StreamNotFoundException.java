package io.github.ddbstreamworker.aws;

/** The configured table or stream does not exist, or the table has no stream. */
public final class StreamNotFoundException extends RuntimeException {
  public StreamNotFoundException(String message) {
    super(message);
  }
}
