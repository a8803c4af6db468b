package io.github.ddbstreamworker.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.kcl.upstream.LeaseRow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.SequenceNumberRange;
import software.amazon.awssdk.services.dynamodb.model.Shard;

/** Which shards count as unowned, on shards and leases as DescribeStream and the KCL give them. */
class UnownedShardsTest {

  private static final Set<String> LIVE = Set.of("live-worker");

  private final Map<String, LeaseRow> leases = new HashMap<>();

  @Test
  void countsAShardWithoutAnOwnerOrHeldByAWorkerThatStoppedReporting() {
    List<Shard> shards = List.of(open("s1", null), open("s2", null), open("s3", null));
    lease("s1", null, "TRIM_HORIZON");
    lease("s2", "dead-worker", "000000000000000000042");
    lease("s3", "live-worker", "000000000000000000042");

    List<StreamStatus.UnownedShard> unowned = UnownedShards.among(shards, leases, LIVE);

    assertThat(unowned).extracting(StreamStatus.UnownedShard::shardId).containsExactly("s1", "s2");
    assertThat(unowned.get(0).owner()).isNull();
    assertThat(unowned.get(0).why()).contains("no owner");
    assertThat(unowned.get(1).owner()).isEqualTo("dead-worker");
    assertThat(unowned.get(1).why()).contains("held by dead-worker, which has not reported");
  }

  @Test
  void leavesOutFinishedShardsAndShardsWaitingForTheirParent() {
    List<Shard> shards =
        List.of(
            closed("done", null),
            open("after-done", "done"),
            closed("unfinished", null),
            open("after-unfinished", "unfinished"));
    lease("done", null, "SHARD_END");
    lease("after-done", null, "TRIM_HORIZON");
    lease("unfinished", "dead-worker", "000000000000000000042");
    lease("after-unfinished", null, "TRIM_HORIZON");

    assertThat(UnownedShards.among(shards, leases, LIVE))
        .extracting(StreamStatus.UnownedShard::shardId)
        .containsExactly("after-done", "unfinished");
  }

  @Test
  void countsAnOpenShardWithoutALeaseButNotAClosedOne() {
    List<Shard> shards =
        List.of(
            closed("cleaned-up", null),
            open("no-lease", "cleaned-up"),
            closed("parent", null),
            open("child-waiting", "parent"));
    lease("parent", "live-worker", "000000000000000000042");

    assertThat(UnownedShards.among(shards, leases, LIVE))
        .singleElement()
        .satisfies(
            shard -> {
              assertThat(shard.shardId()).isEqualTo("no-lease");
              assertThat(shard.why()).contains("has no lease");
            });
  }

  @Test
  void withoutALeaseTableEveryOpenShardIsUnowned() {
    List<Shard> shards = List.of(closed("old", null), open("new", "old"));

    assertThat(UnownedShards.among(shards, Map.of(), Set.of()))
        .extracting(StreamStatus.UnownedShard::shardId)
        .containsExactly("new");
  }

  private void lease(String shardId, String owner, String checkpoint) {
    leases.put(shardId, new LeaseRow(shardId, owner, 7, checkpoint, Map.of()));
  }

  private static Shard open(String shardId, String parent) {
    return shard(shardId, parent, null);
  }

  private static Shard closed(String shardId, String parent) {
    return shard(shardId, parent, "000000000000000000099");
  }

  private static Shard shard(String shardId, String parent, String ending) {
    return Shard.builder()
        .shardId(shardId)
        .parentShardId(parent)
        .sequenceNumberRange(
            SequenceNumberRange.builder()
                .startingSequenceNumber("000000000000000000001")
                .endingSequenceNumber(ending)
                .build())
        .build();
  }
}
