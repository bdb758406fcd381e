package dev.handoff.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.contract.LogFormat;
import dev.handoff.operator.config.OperatorSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's logFormat: the operator's HANDOFF_LOG_FORMAT, which is also its sidecars' default.
 */
class LogFormatValueTest {

  @Test
  void defaultsToTextWhichTheOperatorReads() {
    String value = ChartRender.defaults().operatorEnvValue("HANDOFF_LOG_FORMAT");

    assertThat(value).isEqualTo("text");
    assertThat(
            OperatorSettings.fromEnvironment(Map.of("HANDOFF_LOG_FORMAT", value))
                .sidecar()
                .logFormat())
        .isEqualTo(LogFormat.TEXT);
  }

  @Test
  void jsonReachesTheOperator() {
    String value = ChartRender.with("logFormat: json\n").operatorEnvValue("HANDOFF_LOG_FORMAT");

    assertThat(value).isEqualTo("json");
    assertThat(
            OperatorSettings.fromEnvironment(Map.of("HANDOFF_LOG_FORMAT", value))
                .sidecar()
                .logFormat())
        .isEqualTo(LogFormat.JSON);
  }

  @Test
  void theSchemaRefusesAnyOtherFormat() {
    assertThatThrownBy(() -> ChartRender.template("logFormat: yaml\n"))
        .hasMessageContaining("logFormat");
  }
}
