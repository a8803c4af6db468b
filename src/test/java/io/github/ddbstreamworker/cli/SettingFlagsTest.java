package io.github.ddbstreamworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ddbstreamworker.config.Setting;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Every declared setting is a flag of the commands that read settings, as its declaration says. */
class SettingFlagsTest {

  @ParameterizedTest
  @ValueSource(strings = {"run", "local", "status"})
  void everySettingHasAFlagThatWinsOverItsEnvironmentVariable(String command) {
    for (Setting<?> setting : Setting.all()) {
      ParseResult parsed =
          new CommandLine(new Main()).parseArgs(command, setting.flag(), "from the flag");
      SettingFlags flags =
          (SettingFlags) parsed.subcommand().commandSpec().mixins().get("flags").userObject();

      Function<String, String> lookup =
          flags.over(Map.of(setting.env(), "from the environment", "OTHER", "other")::get);

      assertThat(lookup.apply(setting.env())).as(setting.flag()).isEqualTo("from the flag");
      assertThat(lookup.apply("OTHER")).isEqualTo("other");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "local", "status"})
  void withoutFlagsTheEnvironmentIsRead(String command) {
    ParseResult parsed = new CommandLine(new Main()).parseArgs(command);
    SettingFlags flags =
        (SettingFlags) parsed.subcommand().commandSpec().mixins().get("flags").userObject();

    assertThat(flags.over(Map.of("MAX_RECORDS", "10")::get).apply("MAX_RECORDS")).isEqualTo("10");
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "local", "status"})
  void helpShowsEachSettingsFlagHelpAndDefault(String command) {
    String usage = new CommandLine(new Main()).getSubcommands().get(command).getUsageMessage();

    // picocli wraps lines where it likes: compare without white space.
    String unwrapped = usage.replaceAll("\\s+", "");
    for (Setting<?> setting : Setting.all()) {
      assertThat(unwrapped)
          .contains(setting.flag() + "=" + setting.paramLabel())
          .contains(setting.help().replaceAll("\\s+", ""));
    }
  }
}
