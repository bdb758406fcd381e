package dev.handoff.sidecar.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.testkit.EmbeddedSidecarExtension;
import dev.handoff.testkit.ProtocolClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client flooding control frames is rate limited; its socket and everyone else's keep working.
 */
@Tag("integration")
class ControlFrameFloodTest {
  @RegisterExtension
  static final EmbeddedSidecarExtension pod = new EmbeddedSidecarExtension("demo", 1);

  @Test
  void aFloodOfControlFramesIsRateLimitedAndTheSocketKeepsProxying() {
    ProtocolClient flooder =
        ProtocolClient.optIn(pod.vertx(), pod.sidecar().port(), "/live", null).await();
    flooder.nextControl("hello");
    for (int i = 0; i < 500; i++) {
      flooder.sendRaw("\0this is not json " + i);
    }
    flooder.sendRaw("after the flood");
    assertThat(flooder.nextAppMessage()).isEqualTo("after the flood");
    long malformed =
        flooder.controlFrames().stream()
            .filter(f -> "malformed_frame".equals(f.getString("code")))
            .count();
    long limited =
        flooder.controlFrames().stream()
            .filter(f -> "rate_limited".equals(f.getString("code")))
            .count();
    // Only the burst was parsed; the rest were dropped unread, with one rate_limited error to say
    // so.
    assertThat(malformed).isBetween(20L, 60L);
    assertThat(limited).isGreaterThanOrEqualTo(1L).isLessThan(20L);

    ProtocolClient neighbour =
        ProtocolClient.optIn(pod.vertx(), pod.sidecar().port(), "/live", null).await();
    neighbour.nextControl("hello");
    neighbour.sendControl(
        new JsonObject().put("t", "checkpoint").put("state", new JsonObject().put("ok", true)));
    neighbour.sendRaw("neighbour fine");
    assertThat(neighbour.nextAppMessage()).isEqualTo("neighbour fine");
    assertThat(neighbour.controlFrames()).noneMatch(f -> "error".equals(f.getString("t")));
  }
}
