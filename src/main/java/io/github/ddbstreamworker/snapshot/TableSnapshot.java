package io.github.ddbstreamworker.snapshot;

import io.github.ddbstreamworker.aws.ResolvedStream;
import io.github.ddbstreamworker.config.SnapshotSettings;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.metrics.SnapshotMeters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * INITIAL_POSITION=SNAPSHOT: every item in the table as a snapshot line, from a parallel Scan whose
 * segments the workers of one application share through the {@link ProgressTable}, within a budget
 * of read capacity; then the start time from which the stream is read, a margin before the scan
 * began. Why nothing is missed: docs/snapshot.md.
 */
public final class TableSnapshot implements AutoCloseable {

  /**
   * How long before the scan began the stream is read from. It covers the rounding of
   * ApproximateCreationDateTime down to the second on AWS, a writer's clock ahead of this worker's,
   * and a write just before the start that an eventually consistent Scan did not see yet; the cost
   * is a minute of changes logged after items that already hold them.
   */
  public static final Duration STREAM_MARGIN = Duration.ofMinutes(1);

  /** DynamoDB Streams keeps records this long. */
  static final Duration STREAM_RETENTION = Duration.ofHours(24);

  /** Segments one worker scans at once. */
  static final int SCANS_AT_ONCE = 4;

  static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

  /** How long a stop waits for the pages in flight; well inside ECS's 30 s before SIGKILL. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  /** Progress-table reads in a row that may fail (throttling, a network blip) before giving up. */
  private static final int FAILED_LOOKS_ALLOWED = 30;

  private static final Logger log = LoggerFactory.getLogger(TableSnapshot.class);

  private final SnapshotSettings settings;
  private final String workerId;
  private final Duration claimTime;
  private final DynamoDbClient dynamoDb;
  private final ResolvedStream stream;
  private final ProgressTable table;
  private final RecordPipeline pipeline;
  private final SnapshotMeters meters;
  private final Clock clock;
  private final Consumer<Instant> onDone;
  private final Consumer<String> onFailure;
  private final ReadCapacityBudget budget;
  private final Set<Integer> held = ConcurrentHashMap.newKeySet();
  private final List<Thread> scanners = new ArrayList<>();
  private final Thread coordinator;
  private volatile boolean stopping;
  private volatile boolean allDone;
  private volatile List<ProgressTable.Segment> view = List.of();
  private volatile ProgressTable.Header header;
  private volatile List<String> keyNames;

  private TableSnapshot(
      SnapshotSettings settings,
      String applicationName,
      String workerId,
      Duration claimTime,
      DynamoDbClient dynamoDb,
      ResolvedStream stream,
      RecordPipeline pipeline,
      SnapshotMeters meters,
      Clock clock,
      Consumer<Instant> onDone,
      Consumer<String> onFailure) {
    this.settings = settings;
    this.workerId = workerId;
    this.claimTime = claimTime;
    this.dynamoDb = dynamoDb;
    this.stream = stream;
    this.table = new ProgressTable(dynamoDb, applicationName);
    this.pipeline = pipeline;
    this.meters = meters;
    this.clock = clock;
    this.onDone = onDone;
    this.onFailure = onFailure;
    this.budget = new ReadCapacityBudget(settings.readCapacityPerSecond());
    this.coordinator = new Thread(this::coordinate, "snapshot");
  }

  /**
   * Starts the snapshot on threads of its own, or, when the progress table says it is done, goes
   * straight to {@code onDone}.
   *
   * @param claimTime how long a segment's claim lives without renewal (FAILOVER_TIME_MS)
   * @param onDone called once, with the time from which the stream is read
   * @param onFailure called once, with the reason, when the snapshot cannot go on
   */
  public static TableSnapshot start(
      SnapshotSettings settings,
      String applicationName,
      String workerId,
      Duration claimTime,
      DynamoDbClient dynamoDb,
      ResolvedStream stream,
      RecordPipeline pipeline,
      SnapshotMeters meters,
      Clock clock,
      Consumer<Instant> onDone,
      Consumer<String> onFailure) {
    TableSnapshot snapshot =
        new TableSnapshot(
            settings,
            applicationName,
            workerId,
            claimTime,
            dynamoDb,
            stream,
            pipeline,
            meters,
            clock,
            onDone,
            onFailure);
    snapshot.coordinator.start();
    return snapshot;
  }

  /** When the stream is read from after a snapshot that began at {@code startedAt}. */
  public static Instant streamStart(Instant startedAt) {
    return startedAt.minus(STREAM_MARGIN).truncatedTo(ChronoUnit.SECONDS);
  }

  private void coordinate() {
    try {
      Optional<Instant> doneAlready = begin();
      if (doneAlready.isPresent()) {
        finish(doneAlready.get());
        return;
      }
      for (int i = 0; i < SCANS_AT_ONCE; i++) {
        Thread scanner = new Thread(this::scanSegments, "snapshot-scan-" + i);
        scanners.add(scanner);
        scanner.start();
      }
      watch();
    } catch (SnapshotFailedException e) {
      fail(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (!stopping) {
        fail("the snapshot stopped: " + e);
      }
    }
  }

  /** The header that holds; the completion time when every segment is done already. */
  private Optional<Instant> begin() {
    table.createIfMissing();
    TableDescription described =
        dynamoDb.describeTable(describe -> describe.tableName(stream.tableName())).table();
    keyNames = described.keySchema().stream().map(KeySchemaElement::attributeName).toList();
    Instant startedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ProgressTable.Header proposed =
        new ProgressTable.Header(
            stream.streamArn(),
            stream.tableName(),
            startedAt,
            settings.segments(),
            described.itemCount() == null ? 0 : described.itemCount(),
            Optional.empty());
    header = table.begin(proposed);
    if (!header.streamArn().equals(stream.streamArn())) {
      throw new SnapshotFailedException(
          "the snapshot in "
              + table.name()
              + " began at "
              + header.startedAt()
              + " on stream "
              + header.streamArn()
              + ", but the table's stream is now "
              + stream.streamArn()
              + ": changes made between the two streams are in neither, so the snapshot cannot be"
              + " continued from the new one; delete the table "
              + table.name()
              + " to take a new snapshot");
    }
    if (header != proposed) {
      log.atInfo()
          .addKeyValue("progressTable", table.name())
          .addKeyValue("snapshotStart", header.startedAt())
          .addKeyValue("segments", header.totalSegments())
          .log(
              "continuing the snapshot that began at {}, in {} segments",
              header.startedAt(),
              header.totalSegments());
    } else {
      log.atInfo()
          .addKeyValue("progressTable", table.name())
          .addKeyValue("snapshotStart", header.startedAt())
          .addKeyValue("segments", header.totalSegments())
          .addKeyValue("readCapacityPerSecond", settings.readCapacityPerSecond())
          .addKeyValue("itemCount", header.itemCountAtStart())
          .log(
              "snapshot of table {} began; the stream will be read from {}",
              stream.tableName(),
              streamStart(header.startedAt()));
    }
    return header.completedAt();
  }

  /** Renews claims, shares the budget, reports progress, and notices when every segment is done. */
  private void watch() throws InterruptedException {
    Duration tick = Duration.ofMillis(Math.min(1000, claimTime.toMillis() / 3));
    long firstNanos = System.nanoTime();
    long firstScanned = -1;
    long lastReport = 0;
    int failedLooks = 0;
    while (!stopping) {
      try {
        renewClaims();
        view = table.segments();
        failedLooks = 0;
      } catch (RuntimeException e) {
        if (++failedLooks > FAILED_LOOKS_ALLOWED) {
          throw e;
        }
        log.warn("could not read the snapshot's progress; trying again: {}", e.toString());
        Thread.sleep(tick.toMillis());
        continue;
      }
      long doneCount = view.stream().filter(ProgressTable.Segment::done).count();
      shareBudget();
      long scanned = view.stream().mapToLong(ProgressTable.Segment::items).sum();
      if (firstScanned < 0) {
        firstScanned = scanned;
      }
      double seconds = (System.nanoTime() - firstNanos) / 1e9;
      SnapshotProgress progress =
          new SnapshotProgress(
              scanned,
              header.itemCountAtStart(),
              (int) doneCount,
              header.totalSegments(),
              seconds > 0 ? (scanned - firstScanned) / seconds : 0);
      meters.progress(header.totalSegments() - doneCount, scanned, progress.secondsLeft());
      if (doneCount == header.totalSegments()) {
        allDone = true;
        report(progress);
        table.complete(clock.instant());
        for (Thread scanner : scanners) {
          scanner.join();
        }
        finish(clock.instant());
        return;
      }
      if (System.nanoTime() - lastReport >= PROGRESS_INTERVAL.toNanos()) {
        lastReport = System.nanoTime();
        report(progress);
      }
      Thread.sleep(tick.toMillis());
    }
  }

  private void report(SnapshotProgress progress) {
    log.atInfo()
        .addKeyValue("items", progress.scanned())
        .addKeyValue("itemsPerSecond", Math.round(progress.itemsPerSecond()))
        .addKeyValue("segmentsDone", progress.segmentsDone())
        .addKeyValue("segments", progress.segments())
        .addKeyValue("segmentsHere", held.size())
        .addKeyValue("readCapacityPerSecondHere", Math.round(budget.rate() * 10) / 10.0)
        .log(progress.describe());
    double left = progress.secondsLeft();
    if (!Double.isNaN(left)) {
      Instant end = clock.instant().plusSeconds((long) left);
      Instant trimmed = streamStart(header.startedAt()).plus(STREAM_RETENTION);
      if (end.isAfter(trimmed)) {
        log.warn(
            "at this rate the snapshot ends about {}, after the stream has trimmed records from"
                + " {} (it keeps them for 24 h): changes made then would be lost; raise"
                + " SNAPSHOT_READ_CAPACITY or run more workers",
            end,
            streamStart(header.startedAt()));
      }
    }
  }

  /**
   * Each worker takes the budget's share of the segments it scans among all segments being scanned,
   * so the fleet together stays within it.
   */
  private void shareBudget() {
    long now = clock.millis();
    long fleet =
        view.stream()
            .filter(segment -> segment.heldAt(now) && !held.contains(segment.segment()))
            .count();
    int mine = held.size();
    double share = mine == 0 ? 1 : (double) mine / (mine + fleet);
    budget.rate(settings.readCapacityPerSecond() * share);
  }

  private void renewClaims() {
    long expires = clock.millis() + claimTime.toMillis();
    for (Integer segment : held) {
      if (!table.renew(segment, workerId, expires) && held.contains(segment)) {
        log.warn("lost the claim on snapshot segment {} to another worker", segment);
      }
    }
  }

  private void finish(Instant completedAt) {
    Instant from = streamStart(header.startedAt());
    Instant trimmedBy = clock.instant().minus(STREAM_RETENTION);
    if (trimmedBy.isAfter(from)) {
      log.atError()
          .addKeyValue("error", "SnapshotOutlivedStream")
          .addKeyValue("snapshotStart", header.startedAt())
          .log(
              "the snapshot began at {}, over 24 h ago: the stream has trimmed changes made from"
                  + " {} to about {}, which are in neither the snapshot nor the stream; delete the"
                  + " table {} to take a new snapshot",
              header.startedAt(),
              from,
              trimmedBy,
              table.name());
    }
    log.atInfo()
        .addKeyValue("snapshotStart", header.startedAt())
        .addKeyValue("streamStart", from)
        .log("snapshot done; reading the stream from {}", from);
    onDone.accept(from);
  }

  private void scanSegments() {
    SegmentScan scan =
        new SegmentScan(
            dynamoDb,
            stream,
            keyNames,
            header,
            table,
            workerId,
            claimTime,
            pipeline,
            meters,
            budget,
            clock,
            () -> stopping,
            held::contains);
    int failures = 0;
    while (!stopping && !allDone) {
      Optional<ProgressTable.Segment> claimed;
      try {
        claimed = claimNext();
      } catch (RuntimeException e) {
        log.warn("could not claim a snapshot segment; trying again: {}", e.toString());
        claimed = Optional.empty();
      }
      if (claimed.isEmpty()) {
        pause(Duration.ofMillis(500));
        continue;
      }
      int segment = claimed.get().segment();
      try {
        scan.scan(claimed.get(), SCANS_AT_ONCE);
        failures = 0;
      } catch (SnapshotFailedException e) {
        fail(e.getMessage());
        return;
      } catch (RuntimeException e) {
        if (stopping) {
          return;
        }
        failures++;
        log.warn("scanning snapshot segment {} failed; trying again: {}", segment, e.toString());
        table.release(segment, workerId);
        if (failures > 10) {
          fail("scanning the table failed 10 times in a row: " + e);
          return;
        }
        pause(Duration.ofSeconds(2));
      } finally {
        if (stopping && held.contains(segment)) {
          table.release(segment, workerId);
        }
        held.remove(segment);
      }
    }
  }

  /** A segment no live worker holds and not done, chosen from a random start. */
  private synchronized Optional<ProgressTable.Segment> claimNext() {
    int segments = header.totalSegments();
    long now = clock.millis();
    boolean[] skip = new boolean[segments];
    for (ProgressTable.Segment segment : view) {
      if (segment.segment() < segments && (segment.done() || segment.heldAt(now))) {
        skip[segment.segment()] = true;
      }
    }
    int first = ThreadLocalRandom.current().nextInt(segments);
    for (int i = 0; i < segments; i++) {
      int segment = (first + i) % segments;
      if (skip[segment] || held.contains(segment)) {
        continue;
      }
      Optional<ProgressTable.Segment> claimed =
          table.claim(segment, workerId, now, now + claimTime.toMillis());
      if (claimed.isPresent()) {
        held.add(segment);
        shareBudget();
        return claimed;
      }
    }
    return Optional.empty();
  }

  private void fail(String reason) {
    if (stopping) {
      return;
    }
    stopping = true;
    log.atError().addKeyValue("error", "SnapshotFailed").log(reason);
    onFailure.accept(reason);
  }

  private void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  /**
   * Stops scanning: pages in flight end, their lines flushed and their keys saved, then the claims
   * are given up so that another worker continues at once from the saved keys.
   */
  @Override
  public void close() {
    stopping = true;
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    try {
      for (Thread scanner : scanners) {
        scanner.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
      coordinator.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Integer segment : held) {
      table.release(segment, workerId);
    }
  }

  /** The snapshot cannot go on, for a reason the message gives. */
  static final class SnapshotFailedException extends RuntimeException {
    SnapshotFailedException(String message) {
      super(message);
    }

    SnapshotFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
