package dev.handoff.sidecar.handoff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the top level of a JSON object in one streaming pass: scalars as Java values, nested
 * objects and arrays as their exact source text. Client state is kept as the bytes the client sent,
 * so it comes back byte for byte and is never parsed into a tree and serialised again.
 */
public final class JsonScan {
  /** A nested value, as it stood in the source. */
  public record Raw(String text) {}

  private final JsonFactory factory;

  public JsonScan(int maxDepth, int maxStringLength) {
    this.factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(maxDepth)
                    .maxStringLength(maxStringLength)
                    .maxNumberLength(100)
                    .build())
            .build();
  }

  /**
   * The fields of the object in {@code json}; throws {@link IOException} for anything but one JSON
   * object.
   */
  public Map<String, Object> fields(String json) throws IOException {
    return fields(json, 0);
  }

  /**
   * The fields of the object that fills {@code json} from index {@code from} on, read in place: no
   * copy of the text is made but the nested values returned.
   */
  public Map<String, Object> fields(String json, int from) throws IOException {
    Map<String, Object> out = new HashMap<>();
    StringReader reader = new StringReader(json);
    if (reader.skip(from) != from) throw new IOException("nothing to read");
    try (JsonParser p = factory.createParser(reader)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a JSON object");
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (v) {
          case START_OBJECT, START_ARRAY -> {
            int start = from + (int) p.currentTokenLocation().getCharOffset();
            p.skipChildren();
            int end = from + (int) p.currentTokenLocation().getCharOffset() + 1;
            out.put(name, new Raw(json.substring(start, end)));
          }
          case VALUE_STRING -> out.put(name, p.getText());
          case VALUE_NUMBER_INT -> out.put(name, p.getLongValue());
          case VALUE_NUMBER_FLOAT -> out.put(name, p.getDoubleValue());
          case VALUE_TRUE, VALUE_FALSE -> out.put(name, v == JsonToken.VALUE_TRUE);
          case VALUE_NULL -> out.put(name, null);
          default -> throw new IOException("unexpected " + v);
        }
      }
      if (t != JsonToken.END_OBJECT) throw new IOException("unterminated object");
      if (p.nextToken() != null) throw new IOException("trailing content after the object");
    }
    return out;
  }

  /** How many bytes {@code s} takes in UTF-8, without encoding it. */
  public static int utf8Length(String s) {
    int n = s.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) continue;
      if (c < 0x800) {
        bytes += 1;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 2; // four bytes for the pair's two chars
        i++;
      } else {
        bytes += 2;
      }
    }
    return bytes;
  }
}
