package io.github.ddbstreamworker.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes a {@link StreamStatus} for people: a shard table, the lineage tree, totals, warnings. */
public final class StatusText {

  private static final String NONE = "-";

  private StatusText() {}

  public static String format(StreamStatus status) {
    StringBuilder out = new StringBuilder();
    out.append("Stream       ").append(status.streamArn()).append('\n');
    if (status.streamRole() != null) {
      out.append("             ").append(status.streamRole()).append('\n');
    }
    out.append("Application  ").append(status.applicationName()).append(" (lease table)\n\n");
    table(status.shards(), out);
    out.append("\nLineage\n");
    lineage(status.shards(), out);
    out.append('\n')
        .append("Open shards: ")
        .append(status.openShards())
        .append("   Live workers: ")
        .append(status.liveWorkers())
        .append("   Recommended workers: ")
        .append(status.recommendedWorkers())
        .append(" (ceil(")
        .append(status.openShards())
        .append(" open shards / ")
        .append(status.shardsPerWorker())
        .append(" per worker))\n");
    unowned(status.unownedShards(), out);
    if (status.warnings().isEmpty()) {
      out.append("Warnings: none\n");
    } else {
      out.append("Warnings:\n");
      status.warnings().forEach(warning -> out.append("  ! ").append(warning).append('\n'));
    }
    return out.toString();
  }

  private static void unowned(List<StreamStatus.UnownedShard> unowned, StringBuilder out) {
    if (unowned.isEmpty()) {
      out.append("Unowned shards: none\n");
      return;
    }
    out.append("Unowned shards (unfinished, no live worker holds them, nothing reads them): ")
        .append(unowned.size())
        .append('\n');
    unowned.forEach(
        shard ->
            out.append("  ").append(shard.shardId()).append(' ').append(shard.why()).append('\n'));
  }

  private static void table(List<StreamStatus.Shard> shards, StringBuilder out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {"SHARD", "PARENT", "STATE", "OWNER", "CHECKPOINT", "COUNTER", "RENEWING"});
    for (StreamStatus.Shard shard : shards) {
      rows.add(
          new String[] {
            shard.shardId(),
            orNone(shard.parentShardId()),
            shard.open() ? "open" : "closed",
            shard.hasLease() ? orNone(shard.owner()) : "(no lease)",
            orNone(shard.checkpoint()),
            shard.leaseCounter() == null ? NONE : shard.leaseCounter().toString(),
            shard.renewing() == null ? NONE : shard.renewing() ? "yes" : "NO"
          });
    }
    int[] widths = new int[rows.get(0).length];
    rows.forEach(
        row -> {
          for (int i = 0; i < row.length; i++) {
            widths[i] = Math.max(widths[i], row[i].length());
          }
        });
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(String.format("%-" + (widths[i] + 2) + "s", row[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }

  private static void lineage(List<StreamStatus.Shard> shards, StringBuilder out) {
    Map<String, StreamStatus.Shard> byId = new LinkedHashMap<>();
    shards.forEach(shard -> byId.put(shard.shardId(), shard));
    for (StreamStatus.Shard shard : shards) {
      if (shard.parentShardId() == null || !byId.containsKey(shard.parentShardId())) {
        branch(shard, shards, "", out);
      }
    }
  }

  private static void branch(
      StreamStatus.Shard shard, List<StreamStatus.Shard> shards, String indent, StringBuilder out) {
    out.append(indent)
        .append(indent.isEmpty() ? "" : "└─ ")
        .append(shard.shardId())
        .append(" (")
        .append(shard.open() ? "open" : "closed")
        .append(shard.hasLease() ? ", " + orNone(shard.checkpoint()) : ", no lease")
        .append(")\n");
    for (StreamStatus.Shard child : shards) {
      if (shard.shardId().equals(child.parentShardId())) {
        branch(child, shards, indent.isEmpty() ? "  " : indent + "   ", out);
      }
    }
  }

  private static String orNone(String value) {
    return value == null ? NONE : value;
  }
}
