package io.github.ddbstreamworker.core;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * The part of the worker's own code an unexpected exception came from: what the record processor
 * names when it halts a shard, and the {@code where} tag of the meter that counts them.
 */
public enum Stage {
  FILTER,
  SINK,
  METER,
  FAILURE_DESTINATION,
  CHECKPOINT,
  /** The record processor's own bookkeeping, or a stage that could not be told. */
  PROCESSOR;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Runs the action; anything it throws leaves as a {@link StageFailedException} of this stage. */
  public void run(Runnable action) {
    call(
        () -> {
          action.run();
          return null;
        });
  }

  /** As {@link #run}, with a result; an exception that already names its stage keeps it. */
  public <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (StageFailedException alreadyNamed) {
      throw alreadyNamed;
    } catch (RuntimeException | Error thrown) {
      throw new StageFailedException(this, thrown);
    }
  }
}
