package io.github.ddbstreamworker.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The fault switches, seen from the AWS SDK. */
class SimulatorFaultsTest {

  @Test
  void addedLatencyDelaysEveryAnswerUntilCleared() {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      String arn = createStream(simulator);
      client.describeStream(request -> request.streamArn(arn));

      simulator.faults().latency(Duration.ofMillis(300));
      assertThat(timeOf(() -> client.describeStream(request -> request.streamArn(arn))))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));

      simulator.faults().clear();
      Duration fastest = Duration.ofHours(1);
      for (int i = 0; i < 3; i++) {
        Duration took = timeOf(() -> client.describeStream(request -> request.streamArn(arn)));
        fastest = took.compareTo(fastest) < 0 ? took : fastest;
      }
      assertThat(fastest).isLessThan(Duration.ofMillis(300));
    }
  }

  @Test
  void anErrorShareFailsThatShareOfRequestsWithInternalServerError() {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      String arn = createStream(simulator);

      simulator.faults().errorShare(1);
      assertThatThrownBy(() -> client.describeStream(request -> request.streamArn(arn)))
          .isInstanceOfSatisfying(
              DynamoDbException.class,
              error -> {
                assertThat(error.statusCode()).isEqualTo(500);
                assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InternalServerError");
              });

      simulator.faults().errorShare(0.5);
      int failed = 0;
      for (int i = 0; i < 200; i++) {
        try {
          client.describeStream(request -> request.streamArn(arn));
        } catch (DynamoDbException e) {
          failed++;
        }
      }
      assertThat(failed).as("failures out of 200 at a share of 0.5").isBetween(60, 140);
    }
  }

  @Test
  void anOutageFailsEveryRequestForItsDurationThenServiceResumes() {
    try (StreamSimulator simulator = StreamSimulator.start(SimulatorOptions.defaults());
        DynamoDbStreamsClient client = SimulatorClients.streams(simulator)) {
      String arn = createStream(simulator);
      client.describeStream(request -> request.streamArn(arn));

      long start = System.nanoTime();
      simulator.faults().outage(Duration.ofMillis(800));
      int failed = 0;
      while (System.nanoTime() - start < Duration.ofMillis(700).toNanos()) {
        assertThatThrownBy(() -> client.listStreams())
            .isInstanceOfSatisfying(
                DynamoDbException.class, error -> assertThat(error.statusCode()).isEqualTo(500));
        failed++;
      }
      assertThat(failed).isPositive();
      sleep(Duration.ofMillis(800).minusNanos(System.nanoTime() - start).plusMillis(50));

      assertThat(client.describeStream(request -> request.streamArn(arn)).streamDescription())
          .isNotNull();
    }
  }

  private static String createStream(StreamSimulator simulator) {
    return simulator
        .createStream(StreamSpec.of("orders", "id", StreamViewType.KEYS_ONLY))
        .streamArn();
  }

  private static Duration timeOf(Runnable call) {
    long start = System.nanoTime();
    call.run();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(Math.max(0, duration.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
