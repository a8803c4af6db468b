package io.github.ddbstreamworker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A CloudFormation template read as plain maps and lists, with short-form intrinsics turned into
 * their long form: {@code !Ref X} becomes {@code {Ref: X}}, {@code !Sub s} becomes {@code {Fn::Sub:
 * s}}, {@code !GetAtt A.B} becomes {@code {Fn::GetAtt: [A, B]}}.
 */
public final class CloudFormationTemplate {

  private final Map<String, Object> root;

  private CloudFormationTemplate(Map<String, Object> root) {
    this.root = root;
  }

  public static CloudFormationTemplate read(Path file) {
    try {
      Map<String, Object> root = new Yaml(new IntrinsicsConstructor()).load(Files.readString(file));
      return new CloudFormationTemplate(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Map<String, Object> resource(String logicalId) {
    Map<String, Object> resource = map(map(root, "Resources"), logicalId);
    if (resource == null) {
      throw new AssertionError("no resource " + logicalId + " in the template");
    }
    return resource;
  }

  /** The resource's type, or null if the template has no such resource. */
  public String resourceType(String logicalId) {
    Map<String, Object> resource = map(map(root, "Resources"), logicalId);
    return resource == null ? null : (String) resource.get("Type");
  }

  public Map<String, Object> properties(String logicalId) {
    return map(resource(logicalId), "Properties");
  }

  /** Logical ids of the resources of one type, in template order. */
  public List<String> resourcesOfType(String type) {
    List<String> ids = new ArrayList<>();
    map(root, "Resources")
        .forEach(
            (id, resource) -> {
              if (type.equals(((Map<?, ?>) resource).get("Type"))) {
                ids.add(id);
              }
            });
    return ids;
  }

  public Map<String, Object> parameter(String name) {
    return map(map(root, "Parameters"), name);
  }

  public Set<String> parameterNames() {
    return map(root, "Parameters").keySet();
  }

  /** Every map anywhere in the template, depth first. */
  public void forEachMap(Consumer<Map<String, Object>> action) {
    walk(root, action);
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.get(key);
  }

  @SuppressWarnings("unchecked")
  public static List<Object> list(Map<String, Object> parent, String key) {
    return (List<Object>) parent.get(key);
  }

  /** A value that may be one item or a list of them, as IAM's Action and Resource are. */
  public static List<Object> oneOrMany(Object value) {
    return value instanceof List<?> values ? List.copyOf(values) : List.of(value);
  }

  @SuppressWarnings("unchecked")
  private static void walk(Object node, Consumer<Map<String, Object>> action) {
    if (node instanceof Map<?, ?> map) {
      action.accept((Map<String, Object>) map);
      map.values().forEach(value -> walk(value, action));
    } else if (node instanceof List<?> list) {
      list.forEach(value -> walk(value, action));
    }
  }

  private static final class IntrinsicsConstructor extends SafeConstructor {

    IntrinsicsConstructor() {
      super(new LoaderOptions());
      for (String function :
          List.of(
              "Sub",
              "GetAtt",
              "If",
              "Join",
              "Select",
              "Split",
              "Equals",
              "Not",
              "And",
              "Or",
              "FindInMap",
              "GetAZs",
              "ImportValue",
              "Base64",
              "Cidr",
              "Condition")) {
        String longForm = function.equals("Condition") ? "Condition" : "Fn::" + function;
        yamlConstructors.put(new Tag("!" + function), new Intrinsic(longForm));
      }
      yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
    }

    private final class Intrinsic extends AbstractConstruct {
      private final String longForm;

      Intrinsic(String longForm) {
        this.longForm = longForm;
      }

      @Override
      public Object construct(Node node) {
        Object value;
        if (node instanceof ScalarNode scalar) {
          value = scalarValue(scalar);
        } else if (node instanceof SequenceNode sequence) {
          value = constructSequence(sequence);
        } else {
          value = constructMapping((MappingNode) node);
        }
        return Map.of(longForm, value);
      }

      private Object scalarValue(ScalarNode scalar) {
        String text = constructScalar(scalar);
        if (longForm.equals("Fn::GetAtt")) {
          int dot = text.indexOf('.');
          return List.of(text.substring(0, dot), text.substring(dot + 1));
        }
        return text;
      }
    }
  }
}
