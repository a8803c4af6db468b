package io.github.ddbstreamworker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's settings table says what the declarations say: every setting, its default, range.
 */
class ReadmeSettingsTableTest {

  private static final Pattern ROW = Pattern.compile("\\| `([A-Z_]+)` \\|([^|]*)\\|(.*)\\|");
  private static final Pattern RANGE = Pattern.compile("from (-?\\d+) to (-?\\d+)");

  /** Each row's cells by setting name: the default and the meaning. */
  private static final Map<String, List<String>> rows = new LinkedHashMap<>();

  @BeforeAll
  static void readTheTable() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    int start = lines.indexOf("## Settings");
    assertThat(start).as("the README has a Settings section").isNotNegative();
    lines.stream()
        .skip(start)
        .dropWhile(line -> !line.startsWith("| Setting |"))
        .takeWhile(line -> line.startsWith("|"))
        .map(ROW::matcher)
        .filter(Matcher::matches)
        .forEach(row -> rows.put(row.group(1), List.of(row.group(2).strip(), row.group(3))));
  }

  @Test
  void hasARowForEverySettingAndNoOther() {
    assertThat(rows.keySet())
        .containsExactlyElementsOf(Setting.all().stream().map(Setting::env).toList());
  }

  @Test
  void showsEachSettingsDefault() {
    for (Setting<?> setting : Setting.all()) {
      String shown = rows.get(setting.env()).get(0).replace("`", "");
      // A remark in parentheses may follow, as in "off (local: 9090)".
      assertThat(
              shown.equals(setting.shownDefault())
                  || shown.startsWith(setting.shownDefault() + " ("))
          .as("README default of %s is '%s', declared '%s'", setting, shown, setting.shownDefault())
          .isTrue();
    }
  }

  @Test
  void namesTheRangeOfEachNumberSetting() {
    for (Setting<?> setting : Setting.all()) {
      Matcher range = RANGE.matcher(setting.accepted());
      if (range.find()) {
        assertThat(rows.get(setting.env()).get(1))
            .as("README meaning of %s", setting)
            .contains(range.group(1) + " to " + range.group(2));
      }
    }
  }
}
