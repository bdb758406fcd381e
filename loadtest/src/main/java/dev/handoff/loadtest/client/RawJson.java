package dev.handoff.loadtest.client;

/**
 * Finds the exact text of a value inside a JSON document without parsing it into a tree: the
 * restored state must be compared byte for byte with what the client sent, and a parse-and-encode
 * round trip would normalise away exactly the differences (escapes, number forms, key order) the
 * check is there to catch.
 */
public final class RawJson {
  private RawJson() {}

  /**
   * The raw text of the value at {@code path} (object keys from the top level down), or null when
   * any key is missing or the document is not an object where one is expected.
   */
  public static String value(String json, String... path) {
    int start = 0;
    int end = json.length();
    for (String key : path) {
      int[] span = field(json, start, key);
      if (span == null) return null;
      start = span[0];
      end = span[1];
    }
    return json.substring(start, end);
  }

  private static int[] field(String s, int from, String key) {
    int i = skipSpace(s, from);
    if (i >= s.length() || s.charAt(i) != '{') return null;
    i++;
    while (true) {
      i = skipSpace(s, i);
      if (i >= s.length() || s.charAt(i) == '}') return null;
      if (s.charAt(i) != '"') return null;
      int keyEnd = skipString(s, i);
      boolean match = keyEnd - i - 2 == key.length() && s.startsWith(key, i + 1);
      i = skipSpace(s, keyEnd);
      if (i >= s.length() || s.charAt(i) != ':') return null;
      int valueStart = skipSpace(s, i + 1);
      int valueEnd = skipValue(s, valueStart);
      if (match) return new int[] {valueStart, valueEnd};
      i = skipSpace(s, valueEnd);
      if (i < s.length() && s.charAt(i) == ',') i++;
    }
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    return i;
  }

  /**
   * @return the index just past the closing quote of the string opening at {@code i}
   */
  private static int skipString(String s, int i) {
    i++;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\') i += 2;
      else if (c == '"') return i + 1;
      else i++;
    }
    return s.length();
  }

  private static int skipValue(String s, int i) {
    if (i >= s.length()) return i;
    char c = s.charAt(i);
    if (c == '"') return skipString(s, i);
    if (c == '{' || c == '[') {
      int depth = 0;
      while (i < s.length()) {
        char d = s.charAt(i);
        if (d == '"') {
          i = skipString(s, i);
          continue;
        }
        if (d == '{' || d == '[') depth++;
        else if (d == '}' || d == ']') {
          depth--;
          if (depth == 0) return i + 1;
        }
        i++;
      }
      return i;
    }
    while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) i++;
    return i;
  }
}
