package io.github.ddbstreamworker.cli;

import sun.misc.Signal;

/**
 * Runs a stop action on SIGTERM (how ECS stops a task) and SIGINT (Ctrl-C) instead of letting the
 * JVM exit at once, so the worker checkpoints, releases its leases and exits with 0.
 */
final class TerminationSignals {

  private TerminationSignals() {}

  static void onTermination(Runnable stop) {
    Signal.handle(new Signal("TERM"), signal -> stop.run());
    Signal.handle(new Signal("INT"), signal -> stop.run());
  }
}
