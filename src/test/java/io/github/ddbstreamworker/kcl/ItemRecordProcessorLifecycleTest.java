package io.github.ddbstreamworker.kcl;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.ddbstreamworker.aws.ResolvedStream;
import io.github.ddbstreamworker.config.CheckpointInterval;
import io.github.ddbstreamworker.core.EventCounts;
import io.github.ddbstreamworker.core.RecordPipeline;
import io.github.ddbstreamworker.core.Redaction;
import io.github.ddbstreamworker.core.failure.BatchProcessor;
import io.github.ddbstreamworker.core.failure.FailureListener;
import io.github.ddbstreamworker.core.failure.FailurePolicy;
import io.github.ddbstreamworker.core.failure.LogOnlyDestination;
import io.github.ddbstreamworker.core.filter.FilterCriteria;
import io.github.ddbstreamworker.metrics.WorkerMeters;
import io.github.ddbstreamworker.testsupport.RecordingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;

/** The KCL may end a processor it never initialised; nothing of ours may throw then. */
class ItemRecordProcessorLifecycleTest {

  @Test
  void aLeaseLostBeforeInitialisationReleasesNothingAndThrowsNothing() {
    try (DynamoDbAsyncClient unused =
        DynamoDbAsyncClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .region(Region.US_EAST_1)
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .build()) {
      ItemRecordProcessor processor = processor(unused);

      assertThatCode(() -> processor.leaseLost(LeaseLostInput.builder().build()))
          .doesNotThrowAnyException();
      assertThatCode(
              () -> processor(unused).shutdownRequested(ShutdownRequestedInput.builder().build()))
          .doesNotThrowAnyException();
    }
  }

  private static ItemRecordProcessor processor(DynamoDbAsyncClient dynamoDb) {
    WorkerMeters meters = new WorkerMeters(new SimpleMeterRegistry());
    RecordPipeline pipeline =
        new RecordPipeline(
            FilterCriteria.defaultFilter(),
            Redaction.none(),
            new RecordingSink(),
            new EventCounts());
    return new ItemRecordProcessor(
        new BatchProcessor(
            pipeline,
            FailurePolicy.defaults(),
            new LogOnlyDestination(),
            FailureListener.NONE,
            Clock.systemUTC()),
        new ResolvedStream("arn:stream", "table", StreamViewType.NEW_AND_OLD_IMAGES),
        new OpenShards(Clock.systemUTC()),
        meters,
        new HaltedShards(
            meters, new LeaseHaltMarker(dynamoDb, "leases", "worker", Clock.systemUTC())),
        () -> false,
        new CheckpointInterval(Duration.ofSeconds(1), 1000),
        UnaryOperator.identity(),
        ShardStartTimes.none());
  }
}
