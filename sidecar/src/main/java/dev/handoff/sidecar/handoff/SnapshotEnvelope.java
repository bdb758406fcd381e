package dev.handoff.sidecar.handoff;

import static dev.handoff.contract.SnapshotFields.APP;
import static dev.handoff.contract.SnapshotFields.BINDING;
import static dev.handoff.contract.SnapshotFields.CREATED_AT;
import static dev.handoff.contract.SnapshotFields.PAGE_VERSION;
import static dev.handoff.contract.SnapshotFields.STATE;
import static dev.handoff.contract.SnapshotFields.VERSION;

import java.io.IOException;
import java.util.Map;

/**
 * What the store holds for one client: {@code {app, version, createdAt, pageVersion, binding,
 * state}} ({@link dev.handoff.contract.SnapshotFields}). The state is kept as the client's own JSON
 * text.
 */
public record SnapshotEnvelope(
    String app, long version, long createdAt, Long pageVersion, String binding, String state) {

  public String encode() {
    return JsonText.write(
        g -> {
          g.writeStartObject();
          g.writeStringField(APP, app);
          g.writeNumberField(VERSION, version);
          g.writeNumberField(CREATED_AT, createdAt);
          if (pageVersion != null) g.writeNumberField(PAGE_VERSION, pageVersion);
          if (binding != null) g.writeStringField(BINDING, binding);
          g.writeFieldName(STATE);
          JsonText.rawValue(g, state); // the client's text, byte for byte
          g.writeEndObject();
        });
  }

  /** Decodes a stored envelope; throws {@link IOException} when it is not one of ours. */
  public static SnapshotEnvelope decode(JsonScan scan, String json) throws IOException {
    Map<String, Object> f = scan.fields(json);
    if (!(f.get(APP) instanceof String app)
        || !(f.get(VERSION) instanceof Long version)
        || !(f.get(STATE) instanceof JsonScan.Raw state)) {
      throw new IOException("not a snapshot envelope");
    }
    long createdAt = f.get(CREATED_AT) instanceof Long c ? c : 0L;
    Long pageVersion = f.get(PAGE_VERSION) instanceof Long p ? p : null;
    String binding = f.get(BINDING) instanceof String b ? b : null;
    return new SnapshotEnvelope(app, version, createdAt, pageVersion, binding, state.text());
  }
}
