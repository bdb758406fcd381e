package dev.handoff.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * The API server reads manifests as YAML 1.1, where a plain {@code on}, {@code yes}, {@code true}
 * or {@code 5} is not a string: an environment value, label, annotation or ConfigMap entry rendered
 * that way is refused ("cannot unmarshal bool into Go struct field EnvVar...value of type string"),
 * as a real cluster refused {@code HANDOFF_SCRAPE_ANNOTATIONS: on}. Fabric8's parser coerces such
 * scalars, so the typed chart tests cannot see it; this reads the render's scalars with their
 * styles.
 */
class StringFieldsTest {

  /** YAML 1.1's booleans, null, and numbers (ints, floats, sexagesimals, .inf/.nan). */
  private static final Pattern NOT_A_STRING_IN_YAML_11 =
      Pattern.compile(
          "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|"
              + "[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)|[-+]?([0-9][0-9_]*)?\\.[0-9.]*([eE][-+][0-9]+)?|"
              + "[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)|");

  static Stream<Arguments> renders() throws IOException {
    return Stream.of(
        Arguments.of("chart defaults", ChartRender.template("")),
        Arguments.of(
            "scrape annotations off, sidecar options set",
            ChartRender.template(
                """
                        metrics:
                          scrapeAnnotations: false
                        sidecar:
                          nativeSidecar: never
                          adminTokenSecret:
                            name: handoff-admin
                          snapshotKeys:
                            existingSecret: handoff-keys
                        """)),
        Arguments.of(
            "k8s/handoff.yaml", Files.readString(ChartRender.ROOT.resolve("k8s/handoff.yaml"))),
        Arguments.of("k8s/examples/demo-app.yaml", Files.readString(PlainManifestsTest.EXAMPLE)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void rendersEveryStringTypedFieldAsAYamlString(String what, String yaml) {
    List<String> offending = new ArrayList<>();
    LoadSettings settings = LoadSettings.builder().build();
    Composer composer =
        new Composer(
            settings, new ParserImpl(settings, new StreamReader(settings, new StringReader(yaml))));
    while (composer.hasNext()) {
      walk(composer.next(), "", offending);
    }
    assertThat(offending)
        .as("plain scalars the API server reads as non-strings, in " + what)
        .isEmpty();
  }

  private static void walk(Node node, String path, List<String> offending) {
    if (node instanceof MappingNode map) {
      for (NodeTuple t : map.getValue()) {
        String key = ((ScalarNode) t.getKeyNode()).getValue();
        String child = path + "." + key;
        if (t.getValueNode() instanceof ScalarNode value
            && mustBeString(path, key)
            && value.getScalarStyle() == ScalarStyle.PLAIN
            && NOT_A_STRING_IN_YAML_11.matcher(value.getValue()).matches()) {
          offending.add(child + ": " + value.getValue());
        }
        walk(t.getValueNode(), child, offending);
      }
    } else if (node instanceof SequenceNode seq) {
      seq.getValue().forEach(item -> walk(item, path + "[]", offending));
    }
  }

  /**
   * Fields Kubernetes types as string, or as map[string]string: env values, labels, annotations,
   * data.
   */
  private static boolean mustBeString(String parentPath, String key) {
    return (parentPath.endsWith(".env[]") && key.equals("value"))
        || parentPath.endsWith(".labels")
        || parentPath.endsWith(".annotations")
        || parentPath.endsWith(".matchLabels")
        || parentPath.endsWith(".nodeSelector")
        || parentPath.equals(".data")
        || parentPath.equals(".stringData");
  }
}
