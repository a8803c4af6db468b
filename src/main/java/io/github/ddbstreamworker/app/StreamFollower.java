package io.github.ddbstreamworker.app;

import io.github.ddbstreamworker.follow.StreamPlan;
import io.github.ddbstreamworker.follow.StreamWatch;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the consumed stream on a schedule and hands a switch or an end to the assembly. A look
 * that fails (throttling, a network error) is logged once per kind of failure and tried again at
 * the next look.
 */
final class StreamFollower implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamFollower.class);

  private final StreamWatch watch;
  private final Supplier<StreamPlan> current;
  private final Consumer<StreamPlan> switchTo;
  private final Consumer<String> end;
  private final ScheduledExecutorService schedule =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "stream-follower");
            thread.setDaemon(true);
            return thread;
          });
  private String lastFailure;

  private StreamFollower(
      StreamWatch watch,
      Supplier<StreamPlan> current,
      Consumer<StreamPlan> switchTo,
      Consumer<String> end) {
    this.watch = watch;
    this.current = current;
    this.switchTo = switchTo;
    this.end = end;
  }

  static StreamFollower start(
      StreamWatch watch,
      Duration every,
      Supplier<StreamPlan> current,
      Consumer<StreamPlan> switchTo,
      Consumer<String> end) {
    StreamFollower follower = new StreamFollower(watch, current, switchTo, end);
    follower.schedule.scheduleWithFixedDelay(
        follower::look, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return follower;
  }

  private void look() {
    try {
      StreamWatch.Verdict verdict = watch.check(current.get());
      if (verdict instanceof StreamWatch.Switch next) {
        switchTo.accept(next.next());
      } else if (verdict instanceof StreamWatch.End ended) {
        end.accept(ended.reason());
        schedule.shutdown();
      }
      lastFailure = null;
    } catch (RuntimeException e) {
      String failure = e.getClass().getSimpleName();
      if (!failure.equals(lastFailure)) {
        log.warn("could not look at the stream; trying again at the next look: {}", e.toString());
      }
      lastFailure = failure;
    }
  }

  @Override
  public void close() {
    schedule.shutdownNow();
  }
}
