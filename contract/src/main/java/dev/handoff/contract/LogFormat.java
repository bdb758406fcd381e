package dev.handoff.contract;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How the sidecar and the operator write a log line: {@code text} (logfmt, {@code
 * event=drain_finished app=shop version=7 took_ms=812}, a value quoted when it needs it) or {@code
 * json} (one JSON object per line). Either way every line parses: logfmt values with a space,
 * {@code =}, a quote, a backslash, a control character or nothing at all are quoted and escaped;
 * JSON strings are escaped as RFC 8259 requires.
 */
public enum LogFormat {
  TEXT,
  JSON;

  public static final String ACCEPTED_FORM = "text or json";

  public static Optional<LogFormat> parse(String text) {
    for (LogFormat f : values()) {
      if (f.spelling().equals(text)) return Optional.of(f);
    }
    return Optional.empty();
  }

  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * {@code key=value …} with each value quoted when it needs it; a null value is written as empty
   * quotes.
   */
  public static String logfmt(List<Map.Entry<String, ?>> fields) {
    StringBuilder b = new StringBuilder(96);
    for (Map.Entry<String, ?> field : fields) {
      if (!b.isEmpty()) b.append(' ');
      appendLogfmtKey(b, field.getKey()).append('=');
      appendLogfmtValue(b, field.getValue() == null ? "" : field.getValue().toString());
    }
    return b.toString();
  }

  /** One JSON object of {@code fields} in order; numbers and booleans stay numbers and booleans. */
  public static String json(List<Map.Entry<String, ?>> fields) {
    StringBuilder b = new StringBuilder(128).append('{');
    for (Map.Entry<String, ?> field : fields) {
      if (b.length() > 1) b.append(',');
      appendJsonString(b, field.getKey()).append(':');
      appendJsonValue(b, field.getValue());
    }
    return b.append('}').toString();
  }

  /** Keys are the code's own names; anything a logfmt key cannot hold becomes '_'. */
  private static StringBuilder appendLogfmtKey(StringBuilder b, String key) {
    if (key.isEmpty()) return b.append('_');
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      b.append(c > ' ' && c < 0x7f && c != '=' && c != '"' ? c : '_');
    }
    return b;
  }

  static StringBuilder appendLogfmtValue(StringBuilder b, String value) {
    // A quoted logfmt value escapes exactly as a JSON string does.
    return needsQuotes(value) ? appendJsonString(b, value) : b.append(value);
  }

  private static boolean needsQuotes(String value) {
    if (value.isEmpty()) return true;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == '=' || c == '"' || c == '\\' || isControl(c) || Character.isSpaceChar(c))
        return true;
    }
    return false;
  }

  private static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }

  private static void appendJsonValue(StringBuilder b, Object value) {
    if (value == null) {
      b.append("null");
    } else if (value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      b.append(value);
    } else {
      appendJsonString(b, value.toString());
    }
  }

  static StringBuilder appendJsonString(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          // Also U+2028/U+2029, which some readers take for line ends.
          if (isControl(c)) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.append('"');
  }
}
