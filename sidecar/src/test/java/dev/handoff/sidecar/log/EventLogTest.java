package dev.handoff.sidecar.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.logging.JsonLinesProvider.JsonLinesLogger;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

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
    CapturingLogger capture = new CapturingLogger();
    EventLog log = new EventLog("shop", 7, capture);
    for (String value : HOSTILE)
      log.warn("restore_unreadable_snapshot", 42, "reason", value, "n", 3);
    assertThat(capture.lines).hasSize(HOSTILE.size());
    for (int i = 0; i < HOSTILE.size(); i++) {
      String line = capture.lines.get(i);
      assertThat(line).doesNotContain("\n", "\r", "\u2028");
      Map<String, String> parsed = Logfmt.parse(line);
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
    CapturingLogger capture = new CapturingLogger();
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
    assertThat(capture.lines)
        .containsExactly(
            "event=drain_finished app=shop version=7 took_ms=812 opted_in=3 stored=3 too_large=0 timeout=0 ok=true");
    assertThat(capture.lines.get(0))
        .containsPattern(
            "event=drain_finished .*took_ms=(\\d+) opted_in=(\\d+) stored=(\\d+) too_large=(\\d+) timeout=(\\d+)");
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

  /**
   * A logger that, like slf4j-simple, is not {@code LoggingEventAware}: it sees only the message.
   */
  static final class CapturingLogger extends LegacyAbstractLogger {
    final List<String> lines = new ArrayList<>();

    CapturingLogger() {
      this.name = "handoff";
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] args, Throwable t) {
      lines.add(MessageFormatter.basicArrayFormat(pattern, args));
    }
  }

  /**
   * A strict logfmt reader, written here rather than taken from the code under test: {@code
   * key=value} or {@code key="…"} with \" \\ \n \r \t \\uXXXX escapes, separated by one space;
   * anything else fails.
   */
  static final class Logfmt {
    static Map<String, String> parse(String line) {
      Map<String, String> out = new LinkedHashMap<>();
      int i = 0;
      while (i < line.length()) {
        if (!out.isEmpty()) {
          if (line.charAt(i) != ' ')
            throw new IllegalArgumentException("no space at " + i + ": " + line);
          i++;
        }
        int eq = line.indexOf('=', i);
        if (eq <= i) throw new IllegalArgumentException("no key at " + i + ": " + line);
        String key = line.substring(i, eq);
        if (key.chars().anyMatch(c -> c <= ' ' || c == '"' || c >= 0x7f)) {
          throw new IllegalArgumentException("bad key " + key);
        }
        i = eq + 1;
        StringBuilder value = new StringBuilder();
        if (i < line.length() && line.charAt(i) == '"') {
          i++;
          while (true) {
            if (i >= line.length())
              throw new IllegalArgumentException("unterminated quote: " + line);
            char c = line.charAt(i++);
            if (c == '"') break;
            if (c < 0x20) throw new IllegalArgumentException("raw control character in " + line);
            if (c != '\\') {
              value.append(c);
              continue;
            }
            char e = line.charAt(i++);
            switch (e) {
              case '"', '\\' -> value.append(e);
              case 'n' -> value.append('\n');
              case 'r' -> value.append('\r');
              case 't' -> value.append('\t');
              case 'u' -> {
                value.append((char) Integer.parseInt(line.substring(i, i + 4), 16));
                i += 4;
              }
              default -> throw new IllegalArgumentException("bad escape \\" + e);
            }
          }
        } else {
          while (i < line.length() && line.charAt(i) != ' ') {
            char c = line.charAt(i++);
            if (c == '"' || c == '=' || c < 0x20)
              throw new IllegalArgumentException("unquoted " + c + ": " + line);
            value.append(c);
          }
          if (value.isEmpty()) throw new IllegalArgumentException("empty unquoted value: " + line);
        }
        if (out.put(key, value.toString()) != null)
          throw new IllegalArgumentException("twice: " + key);
      }
      return out;
    }
  }
}
