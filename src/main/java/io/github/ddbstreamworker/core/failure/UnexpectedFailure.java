package io.github.ddbstreamworker.core.failure;

import io.github.ddbstreamworker.core.ExceptionOutline;
import io.github.ddbstreamworker.core.Stage;
import io.github.ddbstreamworker.core.StageFailedException;

/**
 * An exception the worker's own code threw and nothing handles: a bug or a broken dependency, not a
 * bad record. The shard halts where it happened.
 *
 * @param stage where it was thrown
 * @param thrown what was thrown; its message may hold item content, see {@link ExceptionOutline}
 */
public record UnexpectedFailure(Stage stage, Throwable thrown) {

  /** The stage an exception names, or {@code otherwise} if it names none. */
  public static UnexpectedFailure of(Throwable thrown, Stage otherwise) {
    if (thrown instanceof StageFailedException named && named.getCause() != null) {
      return new UnexpectedFailure(named.stage(), named.getCause());
    }
    return new UnexpectedFailure(otherwise, thrown);
  }

  public ExceptionOutline outline() {
    return ExceptionOutline.of(thrown);
  }
}
