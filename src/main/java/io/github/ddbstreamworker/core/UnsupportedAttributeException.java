package io.github.ddbstreamworker.core;

/** An attribute value that cannot be written as JSON. */
public final class UnsupportedAttributeException extends RuntimeException {
  public UnsupportedAttributeException(String message) {
    super(message);
  }
}
