package io.github.ddbstreamworker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {

  private static final String ARN =
      "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000";

  @Test
  void appliesDefaultsWhenOnlyTheTableIsGiven() {
    WorkerSettings settings = WorkerSettings.from(Map.of("TABLE_NAME", "orders")::get);

    assertThat(settings.source()).isEqualTo(new StreamSource.Table("orders"));
    assertThat(settings.applicationName()).isEqualTo("ddb-stream-worker-orders");
    assertThat(settings.initialPosition()).isEqualTo(InitialPosition.TRIM_HORIZON);
    assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(125));
    assertThat(settings.maxRecords()).isEqualTo(1000);
    assertThat(settings.checkpointInterval())
        .isEqualTo(new CheckpointInterval(Duration.ofSeconds(1), 1000));
    assertThat(settings.workerId()).matches(".+-[0-9a-f]{8}");
  }

  @Test
  void readsEverySetting() {
    WorkerSettings settings =
        WorkerSettings.from(
            Map.of(
                    "STREAM_ARN", ARN,
                    "APPLICATION_NAME", "orders-consumer",
                    "INITIAL_POSITION", "LATEST",
                    "WORKER_ID", "worker-1",
                    "POLL_INTERVAL_MS", "250",
                    "MAX_RECORDS", "100",
                    "CHECKPOINT_INTERVAL_MS", "5000",
                    "CHECKPOINT_INTERVAL_RECORDS", "250")
                ::get);

    assertThat(settings.source()).isEqualTo(new StreamSource.Arn(ARN));
    assertThat(settings.source().tableName()).isEqualTo("orders");
    assertThat(settings.applicationName()).isEqualTo("orders-consumer");
    assertThat(settings.initialPosition()).isEqualTo(InitialPosition.LATEST);
    assertThat(settings.workerId()).isEqualTo("worker-1");
    assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(settings.maxRecords()).isEqualTo(100);
    assertThat(settings.checkpointInterval())
        .isEqualTo(new CheckpointInterval(Duration.ofSeconds(5), 250));
  }

  @Test
  void minusOneLeavesTheCheckpointIntervalWithoutARecordBound() {
    WorkerSettings settings =
        WorkerSettings.from(
            Map.of(
                    "TABLE_NAME", "orders",
                    "CHECKPOINT_INTERVAL_MS", "5000",
                    "CHECKPOINT_INTERVAL_RECORDS", "-1")
                ::get);

    assertThat(settings.checkpointInterval().records())
        .isEqualTo(CheckpointInterval.NO_RECORD_BOUND);
  }

  @Test
  void derivesTheApplicationNameFromTheTableInTheArn() {
    WorkerSettings settings = WorkerSettings.from(Map.of("STREAM_ARN", ARN)::get);

    assertThat(settings.applicationName()).isEqualTo("ddb-stream-worker-orders");
  }

  @Test
  void reportsEveryBadSettingAtOnceNamingEachAndWhatIsAccepted() {
    assertThatThrownBy(
            () ->
                WorkerSettings.from(
                    Map.of(
                            "INITIAL_POSITION", "EARLIEST",
                            "POLL_INTERVAL_MS", "fast",
                            "MAX_RECORDS", "5000",
                            "APPLICATION_NAME", "no spaces allowed")
                        ::get))
        .isInstanceOfSatisfying(
            InvalidSettingsException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(5)
                    .anySatisfy(p -> assertThat(p).contains("TABLE_NAME or STREAM_ARN is required"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains("INITIAL_POSITION='EARLIEST'")
                                .contains("TRIM_HORIZON, LATEST"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains("POLL_INTERVAL_MS='fast'")
                                .contains("10 to 300000"))
                    .anySatisfy(
                        p -> assertThat(p).contains("MAX_RECORDS='5000'").contains("1 to 1000"))
                    .anySatisfy(
                        p -> assertThat(p).contains("APPLICATION_NAME='no spaces allowed'")));
  }

  @Test
  void readsFilterCriteriaAndDefaultsToInsertsOnly() {
    WorkerSettings inserts = WorkerSettings.from(Map.of("TABLE_NAME", "orders")::get);
    WorkerSettings removes =
        WorkerSettings.from(
            Map.of("TABLE_NAME", "orders", "FILTER_CRITERIA", "{\"eventName\":[\"REMOVE\"]}")::get);

    assertThat(inserts.filter().patterns()).containsExactly("{\"eventName\":[\"INSERT\"]}");
    assertThat(removes.filter().patterns()).containsExactly("{\"eventName\":[\"REMOVE\"]}");
  }

  @Test
  void namesTheFilterCriteriaSettingAndTheBadFilter() {
    assertThatThrownBy(
            () ->
                WorkerSettings.from(
                    Map.of(
                            "TABLE_NAME",
                            "orders",
                            "FILTER_CRITERIA",
                            "{\"Filters\":[{\"Pattern\":\"{\\\"eventName\\\":[{\\\"wildcard\\\":\\\"*\\\"}]}\"}]}")
                        ::get))
        .hasMessageContaining("FILTER_CRITERIA filter 0: operator 'wildcard' is not supported");
  }

  @Test
  void rejectsBothTableAndStream() {
    assertThatThrownBy(
            () -> WorkerSettings.from(Map.of("TABLE_NAME", "orders", "STREAM_ARN", ARN)::get))
        .hasMessageContaining("TABLE_NAME and STREAM_ARN are both set");
  }

  @Test
  void rejectsMalformedTableNamesAndArns() {
    assertThatThrownBy(() -> WorkerSettings.from(Map.of("TABLE_NAME", "ab")::get))
        .hasMessageContaining("TABLE_NAME='ab'");
    assertThatThrownBy(() -> WorkerSettings.from(Map.of("STREAM_ARN", "arn:aws:kinesis:x")::get))
        .hasMessageContaining("STREAM_ARN='arn:aws:kinesis:x' is not a DynamoDB stream ARN");
  }

  @Test
  void treatsBlankValuesAsUnset() {
    WorkerSettings settings =
        WorkerSettings.from(
            Map.of("TABLE_NAME", "orders", "MAX_RECORDS", " ", "WORKER_ID", "")::get);

    assertThat(settings.maxRecords()).isEqualTo(1000);
    assertThat(settings.workerId()).isNotBlank();
  }
}
