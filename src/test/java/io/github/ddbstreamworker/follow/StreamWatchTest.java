package io.github.ddbstreamworker.follow;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.aws.AwsClients;
import io.github.ddbstreamworker.aws.StreamResolver;
import io.github.ddbstreamworker.config.StreamSource;
import io.github.ddbstreamworker.simulator.SimulatedStream;
import io.github.ddbstreamworker.simulator.SimulatorOptions;
import io.github.ddbstreamworker.simulator.StreamSimulator;
import io.github.ddbstreamworker.simulator.StreamSpec;
import io.github.ddbstreamworker.testsupport.MotoDynamoDb;
import io.github.ddbstreamworker.testsupport.MotoDynamoDbExtension;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** What one look at the consumed stream costs, on a stream of several DescribeStream pages. */
@ExtendWith(MotoDynamoDbExtension.class)
class StreamWatchTest {

  private static final Supplier<LeaseLedger> NOT_READ =
      () -> {
        throw new AssertionError("an enabled stream needs no look at the leases");
      };

  @Test
  void anEnabledStreamIsKeptAfterOneDescribeStreamCallWhateverItsShards() {
    String name = MotoDynamoDb.uniqueName("watch");
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        AwsClients clients = MotoDynamoDb.newClientsReadingStreamsAt(simulator.endpoint())) {
      SimulatedStream stream =
          simulator.createStream(
              StreamSpec.of(name, "id", StreamViewType.NEW_AND_OLD_IMAGES).withShards(250));
      StreamHistory history = new StreamHistory(clients.streams());
      StreamShape shape = history.describe(stream.streamArn()).orElseThrow();
      assertThat(shape.shards()).hasSize(250);
      StreamWatch watch =
          new StreamWatch(
              new StreamSource.Arn(stream.streamArn()),
              history,
              NOT_READ,
              new StreamPlanner(
                  history, NOT_READ, new StreamResolver(clients.dynamoDb(), clients.streams())));
      long before = simulator.answers().of("DescribeStream");

      StreamWatch.Verdict verdict =
          watch.check(new StreamPlan(shape, false, List.of(), "the stream STREAM_ARN names"));

      assertThat(verdict).isInstanceOf(StreamWatch.Keep.class);
      assertThat(simulator.answers().of("DescribeStream") - before).isEqualTo(1);
    }
  }
}
