package io.github.ddbstreamworker.simulator;

/**
 * A steady write load: records a second into each open shard, item size, and the mix of INSERT,
 * MODIFY and REMOVE as relative weights.
 */
public record LoadSpec(
    double recordsPerSecondPerShard,
    int itemBytes,
    double insertWeight,
    double modifyWeight,
    double removeWeight) {

  public LoadSpec {
    if (!(recordsPerSecondPerShard > 0) || Double.isInfinite(recordsPerSecondPerShard)) {
      throw new IllegalArgumentException(
          "records a second per shard must be above 0, not " + recordsPerSecondPerShard);
    }
    if (itemBytes < 0 || itemBytes > 400 * 1024) {
      throw new IllegalArgumentException(
          "item bytes must be 0 to 409600 (DynamoDB's item limit), not " + itemBytes);
    }
    if (!(insertWeight >= 0 && modifyWeight >= 0 && removeWeight >= 0)
        || insertWeight + modifyWeight + removeWeight <= 0) {
      throw new IllegalArgumentException(
          "event mix weights must not be negative, and one must be above 0");
    }
  }

  /** INSERTs only, of items of about 200 bytes. */
  public static LoadSpec perShard(double recordsPerSecond) {
    return new LoadSpec(recordsPerSecond, 200, 1, 0, 0);
  }

  public LoadSpec withItemBytes(int itemBytes) {
    return new LoadSpec(
        recordsPerSecondPerShard, itemBytes, insertWeight, modifyWeight, removeWeight);
  }

  /**
   * Relative weights, e.g. {@code (6, 3, 1)}. A MODIFY or REMOVE needs an item the load inserted
   * earlier in that shard; until there is one, an INSERT is written instead.
   */
  public LoadSpec withEventMix(double insert, double modify, double remove) {
    return new LoadSpec(recordsPerSecondPerShard, itemBytes, insert, modify, remove);
  }
}
