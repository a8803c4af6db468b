package io.github.ddbstreamworker.config;

/**
 * INITIAL_POSITION=SNAPSHOT: how the table's scan is split and how much read capacity it may use.
 *
 * @param segments the scan's TotalSegments
 * @param readCapacityPerSecond read capacity units a second for the whole fleet
 */
public record SnapshotSettings(int segments, int readCapacityPerSecond) {}
