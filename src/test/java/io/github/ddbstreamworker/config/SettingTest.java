package io.github.ddbstreamworker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ddbstreamworker.core.filter.InvalidFilterException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingTest {

  @Test
  void everyDefaultIsAcceptedByItsOwnSetting() {
    for (Setting<?> setting : Setting.all()) {
      assertThatCode(setting::defaultValue).as("default of %s", setting).doesNotThrowAnyException();
    }
  }

  @Test
  void namesItsFlagAndLogKeyAfterTheEnvironmentVariable() {
    assertThat(Setting.CHECKPOINT_INTERVAL_RECORDS.flag())
        .isEqualTo("--checkpoint-interval-records");
    assertThat(Setting.CHECKPOINT_INTERVAL_RECORDS.logKey()).isEqualTo("checkpointIntervalRecords");
  }

  @Test
  void helpSaysWhatItMeansAcceptsAndDefaultsTo() {
    assertThat(Setting.MAX_RECORDS.help())
        .isEqualTo(
            "MAX_RECORDS: records per GetRecords call (a whole number from 1 to 1000; default"
                + " 1000)");
  }

  @Test
  void aBlankValueIsUnsetAndAValueIsStripped() {
    assertThat(Setting.MAX_RECORDS.valueIn(Map.of("MAX_RECORDS", "  ")::get)).isEqualTo(1000);
    assertThat(Setting.MAX_RECORDS.valueIn(Map.of("MAX_RECORDS", " 10 ")::get)).isEqualTo(10);
    assertThat(Setting.FILTER_CRITERIA.valueIn(Map.of("FILTER_CRITERIA", " ")::get).patterns())
        .containsExactly("{\"eventName\":[\"INSERT\"]}");
  }

  @Test
  void oneSettingOnItsOwnThrowsItsTypesRefusal() {
    assertThatThrownBy(() -> Setting.FILTER_CRITERIA.valueIn(Map.of("FILTER_CRITERIA", "[")::get))
        .isInstanceOf(InvalidFilterException.class);
  }
}
