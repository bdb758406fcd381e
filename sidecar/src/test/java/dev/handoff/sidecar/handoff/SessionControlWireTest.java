package dev.handoff.sidecar.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bytes of every frame the sidecar sends, pinned: the names now come from the contract, the wire must not move. */
class SessionControlWireTest {

  @Test
  void drainCarriesTheDeadline() {
    assertThat(SessionControl.drain(15000)).isEqualTo("\0{\"t\":\"drain\",\"deadlineMs\":15000}");
  }

  @Test
  void handoffCarriesTokenDelayAndTtl() {
    assertThat(SessionControl.handoff("tok", 250, 600000))
        .isEqualTo("\0{\"t\":\"handoff\",\"token\":\"tok\",\"reconnectAfterMs\":250,\"ttlMs\":600000}");
  }

  @Test
  void errorCarriesCodeAndEscapedMessage() {
    assertThat(SessionControl.error("state_too_large", "a \"b\""))
        .isEqualTo("\0{\"t\":\"error\",\"code\":\"state_too_large\",\"message\":\"a \\\"b\\\"\"}");
  }

  @Test
  void snapshotEnvelopeAndVersionsKeepTheirFieldOrder() {
    assertThat(new SnapshotEnvelope("shop", 3, 99, 2L, "b", "{}").encode())
        .isEqualTo("{\"app\":\"shop\",\"version\":3,\"createdAt\":99,\"pageVersion\":2,\"binding\":\"b\",\"state\":{}}");
    assertThat(new SnapshotEnvelope("shop", 3, 99, null, null, "{}").encode())
        .isEqualTo("{\"app\":\"shop\",\"version\":3,\"createdAt\":99,\"state\":{}}");
    assertThat(new SnapshotVersions(3, 2L).encode()).isEqualTo("{\"version\":3,\"pageVersion\":2}");
    assertThat(new SnapshotVersions(3, null).encode()).isEqualTo("{\"version\":3}");
  }
}
