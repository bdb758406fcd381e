package dev.handoff.operator.injection;

import java.util.LinkedHashMap;
import java.util.Map;

/** One RFC 6902 operation; {@code value} is a Fabric8 model object or a plain JSON value. */
public record PatchOperation(String op, String path, Object value) {

  public static PatchOperation add(String path, Object value) {
    return new PatchOperation("add", path, value);
  }

  public static PatchOperation replace(String path, Object value) {
    return new PatchOperation("replace", path, value);
  }

  public static PatchOperation remove(String path) {
    return new PatchOperation("remove", path, null);
  }

  /** Escapes one reference token (RFC 6901), e.g. an annotation name holding '/'. */
  public static String token(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  public Map<String, Object> asJsonObject() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("op", op);
    json.put("path", path);
    if (!"remove".equals(op)) {
      json.put("value", value);
    }
    return json;
  }
}
