package io.github.ddbstreamworker.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

class ReadCapacityTest {

  private static Map<String, AttributeValue> item(int padBytes) {
    return Map.of(
        "id", AttributeValue.fromS("a"), "pad", AttributeValue.fromS("x".repeat(padBytes)));
  }

  @Test
  void anItemsSizeIsItsAttributeNamesAndValues() {
    assertThat(ReadCapacity.itemSize(item(10))).isEqualTo("id".length() + 1 + "pad".length() + 10);
    assertThat(ReadCapacity.itemSize(Map.of("n", AttributeValue.fromN("123456")))).isEqualTo(1 + 4);
    assertThat(
            ReadCapacity.itemSize(
                Map.of("m", AttributeValue.fromM(Map.of("b", AttributeValue.fromBool(true))))))
        .isEqualTo(1 + 3 + 1 + 1 + 1);
  }

  @Test
  void aPageCostsHalfAUnitPer4KbOfItemsRoundedUp() {
    assertThat(ReadCapacity.fromSizes(List.of(item(10)))).isEqualTo(0.5);
    assertThat(ReadCapacity.fromSizes(List.of(item(4000), item(4000)))).isEqualTo(1.0);
    assertThat(ReadCapacity.fromSizes(List.of())).isZero();
  }

  @Test
  void aPageCostsTheLargerOfWhatTheServiceReportsAndWhatItsItemsComeTo() {
    List<Map<String, AttributeValue>> items = List.of(item(4000), item(4000), item(4000));
    ScanResponse underReported =
        ScanResponse.builder()
            .items(items)
            .consumedCapacity(ConsumedCapacity.builder().capacityUnits(0.5).build())
            .build();
    ScanResponse reported =
        ScanResponse.builder()
            .items(items)
            .consumedCapacity(ConsumedCapacity.builder().capacityUnits(4.0).build())
            .build();

    assertThat(ReadCapacity.ofPage(underReported)).isEqualTo(1.5);
    assertThat(ReadCapacity.ofPage(reported)).isEqualTo(4.0);
    assertThat(ReadCapacity.ofPage(ScanResponse.builder().items(items).build())).isEqualTo(1.5);
  }
}
