package dev.handoff.sidecar.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.logging.JsonLinesProvider.JsonLinesLogger;
import dev.handoff.testkit.CapturingLogger;
import dev.handoff.testkit.LogfmtReader;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class EventLogTest {
  /** Values a log line must survive: each one would have broken the unquoted lines. */
  static final List<String> HOSTILE =
      List.of(
          "two words",
          "a=b",
          "say \"hi\"",
          "",
          "back\\slash",
          "line\nbreak",
          "crlf\r\n",
          "tab\there",
          "nul\u0000esc\u001b[31m",
          "del\u007f",
          "line\u2028sep",
          "unicode é ✓ 🎉",
          "=",
          "\"",
          " leading",
          "trailing ",
          "key=\"v\" other=1");

  @Test
  void everyTextLineParsesAsLogfmtBackToTheValuesLogged() {
    CapturingLogger capture = new CapturingLogger("handoff");
    EventLog log = new EventLog("shop", 7, capture);
    for (String value : HOSTILE)
      log.warn("restore_unreadable_snapshot", 42, "reason", value, "n", 3);
    assertThat(capture.lines()).hasSize(HOSTILE.size());
    for (int i = 0; i < HOSTILE.size(); i++) {
      String line = capture.lines().get(i);
      assertThat(line).doesNotContain("\n", "\r", "\u2028");
      Map<String, String> parsed = LogfmtReader.parse(line);
      assertThat(parsed)
          .as(line)
          .containsExactly(
              Map.entry("event", "restore_unreadable_snapshot"),
              Map.entry("app", "shop"),
              Map.entry("version", "7"),
              Map.entry("conn", "42"),
              Map.entry("reason", HOSTILE.get(i)),
              Map.entry("n", "3"));
    }
  }

  @Test
  void plainValuesStayUnquotedSoTodaysGrepsStillMatch() {
    CapturingLogger capture = new CapturingLogger("handoff");
    new EventLog("shop", 7, capture)
        .info(
            "drain_finished",
            0,
            "took_ms",
            812L,
            "opted_in",
            3,
            "stored",
            3,
            "too_large",
            0,
            "timeout",
            0,
            "ok",
            true);
    assertThat(capture.lines())
        .containsExactly(
            "event=drain_finished app=shop version=7 took_ms=812 opted_in=3 stored=3 too_large=0 timeout=0 ok=true");
    assertThat(capture.lines().get(0))
        .containsPattern(
            "event=drain_finished .*took_ms=(\\d+) opted_in=(\\d+) stored=(\\d+) too_large=(\\d+) timeout=(\\d+)");
  }

  @Test
  void theLineBuiltFromItsPartsIsTheLogfmtOfAllItsFields() {
    for (String app : List.of("shop", "two words", "a=\"b\"")) {
      EventLog log = new EventLog(app, 7, new CapturingLogger("handoff"));
      for (String value : HOSTILE) {
        for (long conn : new long[] {0, 1, 9_876_543_210L}) {
          for (Object[] pairs :
              List.of(
                  new Object[] {},
                  new Object[] {"reason"},
                  new Object[] {"reason", value, "n", 3, "took_ms", 812L, "ok", true, "none", null},
                  new Object[] {value, value, "odd"})) {
            for (String event : List.of("handed_off", value.isEmpty() ? "e" : value)) {
              assertThat(log.line(event, conn, pairs))
                  .isEqualTo(dev.handoff.contract.LogFormat.logfmt(log.fields(event, conn, pairs)));
            }
          }
        }
      }
    }
  }

  @Test
  void jsonModeWritesOneObjectPerLineWithAppVersionAndConn() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    EventLog log =
        new EventLog("shop", 7, new JsonLinesLogger("handoff", Level.INFO.toInt(), () -> out));
    for (String value : HOSTILE)
      log.info("handed_off", 9, "outcome", value, "bytes", 120, "ok", false);
    log.warn(
        "in_memory_store",
        0,
        "note",
        "HANDOFF_REDIS_URL is unset: snapshots live in this process only");
    log.debug("socket_closed", 9);

    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n", -1);
    assertThat(lines).hasSize(HOSTILE.size() + 2);
    assertThat(lines[lines.length - 1]).isEmpty();
    for (int i = 0; i < HOSTILE.size(); i++) {
      JsonObject line = new JsonObject(lines[i]);
      assertThat(line.fieldNames())
          .containsExactly(
              "time", "level", "logger", "event", "app", "version", "conn", "outcome", "bytes",
              "ok");
      assertThat(line.getString("level")).isEqualTo("INFO");
      assertThat(line.getString("event")).isEqualTo("handed_off");
      assertThat(line.getString("app")).isEqualTo("shop");
      assertThat(line.getLong("version")).isEqualTo(7L);
      assertThat(line.getLong("conn")).isEqualTo(9L);
      assertThat(line.getString("outcome")).isEqualTo(HOSTILE.get(i));
      assertThat(line.getLong("bytes")).isEqualTo(120L);
      assertThat(line.getBoolean("ok")).isFalse();
    }
    JsonObject noConn = new JsonObject(lines[HOSTILE.size()]);
    assertThat(noConn.getString("level")).isEqualTo("WARN");
    assertThat(noConn.containsKey("conn")).isFalse();
    assertThat(noConn.getString("note")).startsWith("HANDOFF_REDIS_URL is unset");
  }

  @Test
  void jsonModeWritesOtherLibrariesLinesAndStackTracesAsOneObjectEach() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    JsonLinesLogger netty =
        new JsonLinesLogger("io.netty.channel.X", Level.WARN.toInt(), () -> out);
    netty.info("not written");
    netty.warn(
        "failed on {} \"{}\"", "channel\n1", "x", new IllegalStateException("boom\nline two"));

    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(1);
    JsonObject line = new JsonObject(lines[0]);
    assertThat(line.getString("logger")).isEqualTo("io.netty.channel.X");
    assertThat(line.getString("message")).isEqualTo("failed on channel\n1 \"x\"");
    assertThat(line.getString("error"))
        .startsWith("java.lang.IllegalStateException: boom\nline two");
  }
}
