package io.github.ddbstreamworker.core.failure;

/** A failure destination could not store a failure. */
public final class FailureDestinationException extends RuntimeException {

  public FailureDestinationException(String message, Throwable cause) {
    super(message, cause);
  }
}
