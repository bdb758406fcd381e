package dev.handoff.sidecar.handoff;

import static dev.handoff.contract.SnapshotFields.PAGE_VERSION;
import static dev.handoff.contract.SnapshotFields.VERSION;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The versions a snapshot was taken at, stored beside it ({@link
 * dev.handoff.contract.RedisKeys#snapshotVersions}) so steering knows which versions can restore it
 * without taking it. Versions only: the record is stored in the clear even when snapshots are
 * sealed.
 */
public record SnapshotVersions(long version, Long pageVersion) {

  public static SnapshotVersions of(SnapshotEnvelope envelope) {
    return new SnapshotVersions(envelope.version(), envelope.pageVersion());
  }

  public String encode() {
    return JsonText.write(
        g -> {
          g.writeStartObject();
          g.writeNumberField(VERSION, version);
          if (pageVersion != null) g.writeNumberField(PAGE_VERSION, pageVersion);
          g.writeEndObject();
        });
  }

  /** Empty when the text is not ours: steering then knows no more than without it. */
  public static Optional<SnapshotVersions> decode(JsonScan scan, String json) {
    try {
      Map<String, Object> f = scan.fields(json);
      if (!(f.get(VERSION) instanceof Long version)) return Optional.empty();
      return Optional.of(
          new SnapshotVersions(version, f.get(PAGE_VERSION) instanceof Long p ? p : null));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
