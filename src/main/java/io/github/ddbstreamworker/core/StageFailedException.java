package io.github.ddbstreamworker.core;

/**
 * An exception nobody expected, thrown by one {@link Stage} of the worker's own code, carried to
 * the record processor so that it can say where the shard halted.
 */
public final class StageFailedException extends RuntimeException {

  private final Stage stage;

  public StageFailedException(Stage stage, Throwable cause) {
    // Not the cause's message: it may quote item content. The cause keeps the stack frames.
    super(stage.tag() + " threw " + cause.getClass().getName(), cause, false, false);
    this.stage = stage;
  }

  public Stage stage() {
    return stage;
  }
}
