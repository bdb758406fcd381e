package dev.handoff.sidecar.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.handoff.testkit.EchoAppExtension;
import dev.handoff.testkit.EmbeddedSidecar;
import dev.handoff.testkit.ProtocolClient;
import io.vertx.core.Future;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An upgrade under way when the drain starts is handed off too, not cut at the end of the drain.
 */
@Tag("integration")
class DrainRaceTest {
  @RegisterExtension static final EchoAppExtension echo = new EchoAppExtension();

  @Test
  void aSocketThatOpensWhileTheDrainStartsIsHandedOff() {
    try (EmbeddedSidecar sidecar =
        EmbeddedSidecar.start(echo.vertx(), "demo", 1, echo.app().url(), null, c -> c)) {
      Future<ProtocolClient> connecting =
          ProtocolClient.connect(echo.vertx(), sidecar.port(), "/held", List.of("handoff.v1"));
      // The upgrade passed the sidecar's serving check and waits for the app to accept it.
      await().until(() -> !echo.app().heldHandshakes().isEmpty());
      Future<DrainReport> drain = sidecar.sidecar().drain();
      echo.app().heldHandshakes().poll().accept();
      ProtocolClient client = connecting.await();
      assertThat(client.nextControl().getString("t")).isEqualTo("hello");
      assertThat(client.nextControl().getString("t")).isEqualTo("drain");
      client.sendControl(
          new io.vertx.core.json.JsonObject()
              .put("t", "state")
              .put("state", new io.vertx.core.json.JsonObject().put("late", true)));
      assertThat(client.nextControl("handoff").getString("token")).isNotBlank();
      DrainReport report = drain.await();
      assertThat(report.stored()).isEqualTo(1);
      assertThat(report.aborted()).isZero();
    }
  }
}
