package dev.handoff.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict logfmt reader, kept apart from the code under test (the contract's LogFormat writes the
 * lines): {@code key=value} or {@code key="…"} with \" \\ \n \r \t \\uXXXX escapes, separated by
 * one space; anything else fails.
 */
public final class LogfmtReader {
  private LogfmtReader() {}

  /** The pairs of one line, in order; fails on anything that is not strict logfmt. */
  public static Map<String, String> parse(String line) {
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
          if (i >= line.length()) throw new IllegalArgumentException("unterminated quote: " + line);
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
