package io.github.ddbstreamworker.core;

/** Where item lines go. */
public interface ItemSink {

  /** Takes one complete line, without its newline. */
  void accept(String line);

  /** Makes every accepted line durable enough to checkpoint past it. */
  void flush();
}
