package io.github.ddbstreamworker.cli;

import io.github.ddbstreamworker.config.Setting;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * The settings as command-line flags: one per declared {@link Setting}, named and described by its
 * declaration. A flag given wins over its environment variable.
 */
@Command(modelTransformer = SettingFlags.FromDeclarations.class)
public final class SettingFlags {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** A lookup of setting names: the flags given first, then {@code environment}. */
  Function<String, String> over(Function<String, String> environment) {
    return over(command, Setting.all(), environment);
  }

  /** Adds a flag for each of {@code settings} to {@code command}. */
  public static void addFlags(CommandSpec command, Collection<Setting<?>> settings) {
    for (Setting<?> setting : settings) {
      command.addOption(
          OptionSpec.builder(setting.flag())
              .paramLabel(setting.paramLabel())
              .type(String.class)
              // picocli reads descriptions as format strings
              .description(setting.help().replace("%", "%%"))
              .build());
    }
  }

  /**
   * A lookup of setting names: the flags of {@code settings} given to {@code command} first, then
   * {@code environment}.
   */
  public static Function<String, String> over(
      CommandSpec command, Collection<Setting<?>> settings, Function<String, String> environment) {
    Map<String, String> given = new HashMap<>();
    for (Setting<?> setting : settings) {
      String value = command.findOption(setting.flag()).getValue();
      if (value != null) {
        given.put(setting.env(), value);
      }
    }
    return name -> given.containsKey(name) ? given.get(name) : environment.apply(name);
  }

  /** Adds a flag for every declared setting to the mixin's model. */
  static final class FromDeclarations implements IModelTransformer {

    @Override
    public CommandSpec transform(CommandSpec spec) {
      addFlags(spec, Setting.all());
      return spec;
    }
  }
}
