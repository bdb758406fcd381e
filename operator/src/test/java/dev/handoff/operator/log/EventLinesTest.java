package dev.handoff.operator.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.contract.LogFormat;
import dev.handoff.logging.JsonLinesProvider;
import dev.handoff.testkit.CapturingLogger;
import dev.handoff.testkit.LogfmtReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The operator's rollout report and webhook decisions: every line parses, in either format. */
class EventLinesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String REASON =
      "handoff.dev/bind-cookie: \"session id\" is not a cookie name (no spaces,"
          + " '=', ';' or quotes)\nsecond line é ✓";

  @Test
  void textLinesAreLogfmtWithTheReasonQuoted() {
    CapturingLogger capture = new CapturingLogger("handoff-operator");
    EventLines.info(
        capture, "admission_denied", "namespace", "shop", "pod", "web-1", "reason", REASON);
    EventLines.info(
        capture,
        "rollout_reported",
        "namespace",
        "shop",
        "deployment",
        "web",
        "revision",
        8L,
        "handed_off",
        12L,
        "lost",
        0L,
        "message",
        "revision 8: 12 sessions handed off, 12 restored, 0 lost");

    assertThat(capture.lines().get(0))
        .startsWith("event=admission_denied namespace=shop pod=web-1 reason=\"")
        .doesNotContain("\n");
    assertThat(LogfmtReader.parse(capture.lines().get(0))).containsEntry("reason", REASON);
    assertThat(LogfmtReader.parse(capture.lines().get(1)))
        .containsEntry("event", "rollout_reported")
        .containsEntry("revision", "8")
        .containsEntry("lost", "0")
        .containsEntry("message", "revision 8: 12 sessions handed off, 12 restored, 0 lost");
  }

  @Test
  void jsonLinesAreOneObjectEachWithTheEventsMembers() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    JsonLinesProvider.JsonLinesLogger logger =
        new JsonLinesProvider.JsonLinesLogger(
            "dev.handoff.operator.webhook.AdmissionReviewHandler", Level.INFO.toInt(), () -> out);
    EventLines.info(
        logger, "admission_denied", "namespace", "shop", "pod", "web-1", "reason", REASON);
    EventLines.warn(logger, "rollout_reported", "revision", 8L, "lost", 0L);
    logger.info("webhook listening on https://0.0.0.0:{}{}", 8443, "/mutate");

    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(3);
    JsonNode denied = JSON.readTree(lines[0]);
    assertThat(denied.propertyNames())
        .containsExactly("time", "level", "logger", "event", "namespace", "pod", "reason");
    assertThat(denied.get("event").asString()).isEqualTo("admission_denied");
    assertThat(denied.get("reason").asString()).isEqualTo(REASON);
    JsonNode report = JSON.readTree(lines[1]);
    assertThat(report.get("level").asString()).isEqualTo("WARN");
    assertThat(report.get("revision").isNumber()).isTrue();
    assertThat(JSON.readTree(lines[2]).get("message").asString())
        .isEqualTo("webhook listening on https://0.0.0.0:8443/mutate");
  }

  /** Quoted or bare values, as {@code dev.handoff.sidecar.log.EventLogTest}'s stricter reader. */
  @Test
  void theFormatIsTheContractsSpelling() {
    assertThat(LogFormat.parse("json")).contains(LogFormat.JSON);
    assertThat(LogFormat.parse("JSON")).isEmpty();
  }
}
