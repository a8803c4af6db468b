package io.github.ddbstreamworker.ops;

/** The result of a health or readiness check: it holds, or why not. */
public record Check(boolean ok, String reason) {

  public static Check passing() {
    return new Check(true, "");
  }

  public static Check failing(String reason) {
    return new Check(false, reason);
  }
}
