package dev.handoff.loadtest.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.contract.ControlFrames;
import dev.handoff.sidecar.handoff.ControlFrame;
import dev.handoff.sidecar.handoff.ControlFrameParser;
import dev.handoff.sidecar.handoff.HandoffToken;
import dev.handoff.sidecar.handoff.SessionControl;
import dev.handoff.sidecar.handoff.Subprotocols;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the simulated client writes the sidecar parses, and what the sidecar writes the client
 * reads.
 */
class ClientAndSidecarAgreeTest {
  private final String state = StateText.generate(new Random(7), 1, 800, 1200).at(3);
  private final String token = new HandoffToken(new SecureRandom()).next();

  @Test
  void theClientsOfferOptsInAndPresentsItsToken() {
    // A WebSocket client sends its subprotocols as one comma-separated header.
    Subprotocols reconnect =
        Subprotocols.parse(java.util.List.of(String.join(", ", ClientFrames.offer(token))));
    Subprotocols fresh =
        Subprotocols.parse(java.util.List.of(String.join(", ", ClientFrames.offer(null))));

    assertThat(reconnect.optedIn()).isTrue();
    assertThat(reconnect.token()).contains(token);
    assertThat(reconnect.app()).isEmpty();
    assertThat(fresh.optedIn()).isTrue();
    assertThat(fresh.token()).isEmpty();
  }

  @Test
  void theClientsAnswerIsAStateWithItsPageVersionAndTheStateByteForByte() throws Exception {
    ControlFrame frame = new ControlFrameParser(64 * 1024).parse(ClientFrames.state(state, 4));

    assertThat(frame.type()).isEqualTo(ControlFrame.Type.STATE);
    assertThat(frame.state()).isEqualTo(state);
    assertThat(frame.pageVersion()).isEqualTo(4L);
  }

  @Test
  void theSidecarsRestoringHelloGivesTheClientItsStateByteForByte() {
    String json = ClientFrames.json(SessionControl.helloRestored("shop", 3, 2, state));

    JsonObject hello = new JsonObject(json);
    assertThat(hello.getString(ControlFrames.TYPE)).isEqualTo(ControlFrames.HELLO);
    assertThat(hello.getLong(ControlFrames.VERSION)).isEqualTo(3);
    assertThat(ClientFrames.restoredState(json)).isEqualTo(state);
  }

  @Test
  void aHelloThatRestoredNothingSaysWhyAndCarriesNoState() {
    String json =
        ClientFrames.json(
            SessionControl.helloNotRestored("shop", 3, ControlFrames.RESTORE_EXPIRED));

    assertThat(new JsonObject(json).getString(ControlFrames.RESTORE)).isEqualTo("expired");
    assertThat(ClientFrames.restoredState(json)).isNull();
  }

  @Test
  void theSidecarsHandoffGivesTheClientItsTokenAndDelay() {
    JsonObject handoff =
        new JsonObject(ClientFrames.json(SessionControl.handoff(token, 1234, 600_000)));

    assertThat(handoff.getString(ControlFrames.TYPE)).isEqualTo(ControlFrames.HANDOFF);
    assertThat(handoff.getString(ControlFrames.TOKEN)).isEqualTo(token);
    assertThat(handoff.getLong(ControlFrames.RECONNECT_AFTER_MS)).isEqualTo(1234);
  }

  @Test
  void everySidecarFrameIsControlAndTheAppsTextIsNot() {
    for (String frame :
        new String[] {
          SessionControl.hello("shop", 1),
          SessionControl.refresh("version"),
          SessionControl.drain(15000),
          SessionControl.error("rate_limited", "slow down")
        }) {
      assertThat(ClientFrames.json(frame)).startsWith("{\"t\":");
    }
    assertThat(ClientFrames.json("{\"t\":\"hello\"}")).isNull();
    assertThat(ClientFrames.json("")).isNull();
  }
}
