package dev.handoff.sidecar.handoff;

import java.io.IOException;
import java.util.Map;

/**
 * What the store holds for one client: {@code {app, version, createdAt, pageVersion, binding, state}}. The state is
 * kept as the client's own JSON text.
 */
public record SnapshotEnvelope(String app, long version, long createdAt, Long pageVersion, String binding,
                               String state) {

  public String encode() {
    String head = "{\"app\":" + JsonScan.quote(app) + ",\"version\":" + version + ",\"createdAt\":" + createdAt
        + (pageVersion != null ? ",\"pageVersion\":" + pageVersion : "")
        + (binding != null ? ",\"binding\":" + JsonScan.quote(binding) : "") + ",\"state\":";
    // One concatenation: the (large) state is copied once, into the envelope itself.
    return head + state + "}";
  }

  /** Decodes a stored envelope; throws {@link IOException} when it is not one of ours. */
  public static SnapshotEnvelope decode(JsonScan scan, String json) throws IOException {
    Map<String, Object> f = scan.fields(json);
    if (!(f.get("app") instanceof String app)
        || !(f.get("version") instanceof Long version)
        || !(f.get("state") instanceof JsonScan.Raw state)) {
      throw new IOException("not a snapshot envelope");
    }
    long createdAt = f.get("createdAt") instanceof Long c ? c : 0L;
    Long pageVersion = f.get("pageVersion") instanceof Long p ? p : null;
    String binding = f.get("binding") instanceof String b ? b : null;
    return new SnapshotEnvelope(app, version, createdAt, pageVersion, binding, state.text());
  }
}
