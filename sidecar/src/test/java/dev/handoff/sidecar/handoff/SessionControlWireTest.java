package dev.handoff.sidecar.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The bytes of every frame the sidecar sends, pinned: the names now come from the contract, the
 * wire must not move.
 */
class SessionControlWireTest {

  @Test
  void drainCarriesTheDeadline() {
    assertThat(SessionControl.drain(15000)).isEqualTo("\0{\"t\":\"drain\",\"deadlineMs\":15000}");
  }

  @Test
  void handoffCarriesTokenDelayAndTtl() {
    assertThat(SessionControl.handoff("tok", 250, 600000))
        .isEqualTo(
            "\0{\"t\":\"handoff\",\"token\":\"tok\",\"reconnectAfterMs\":250,\"ttlMs\":600000}");
  }

  @Test
  void errorCarriesCodeAndEscapedMessage() {
    assertThat(SessionControl.error("state_too_large", "a \"b\""))
        .isEqualTo("\0{\"t\":\"error\",\"code\":\"state_too_large\",\"message\":\"a \\\"b\\\"\"}");
  }

  @Test
  void snapshotEnvelopeAndVersionsKeepTheirFieldOrder() {
    assertThat(new SnapshotEnvelope("shop", 3, 99, 2L, "b", "{}").encode())
        .isEqualTo(
            "{\"app\":\"shop\",\"version\":3,\"createdAt\":99,\"pageVersion\":2,\"binding\":\"b\",\"state\":{}}");
    assertThat(new SnapshotEnvelope("shop", 3, 99, null, null, "{}").encode())
        .isEqualTo("{\"app\":\"shop\",\"version\":3,\"createdAt\":99,\"state\":{}}");
    assertThat(new SnapshotVersions(3, 2L).encode()).isEqualTo("{\"version\":3,\"pageVersion\":2}");
    assertThat(new SnapshotVersions(3, null).encode()).isEqualTo("{\"version\":3}");
  }

  @Test
  void helloCarriesAppAndVersionAndARestoredStateByteForByte() {
    assertThat(SessionControl.hello("shop", 7))
        .isEqualTo("\0{\"t\":\"hello\",\"app\":\"shop\",\"version\":7}");
    String state = "{ \"a\" : 1.50, \"s\":\"\\u00e9\\n€\" ,\"n\":[ ]}";
    assertThat(SessionControl.helloRestored("shop", 7, 6, state))
        .isEqualTo(
            "\0{\"t\":\"hello\",\"app\":\"shop\",\"version\":7,\"restored\":{\"fromVersion\":6,\"state\":"
                + state
                + "}}");
    assertThat(SessionControl.helloNotRestored("shop", 7, "expired"))
        .isEqualTo("\0{\"t\":\"hello\",\"app\":\"shop\",\"version\":7,\"restore\":\"expired\"}");
    assertThat(SessionControl.refresh("version"))
        .isEqualTo("\0{\"t\":\"refresh\",\"reason\":\"version\"}");
  }

  @Test
  void stringsAreEscapedAndTheEnvelopeKeepsTheStateAsSent() {
    assertThat(SessionControl.error("c", "tab\tnl\n\\ é \u0001"))
        .isEqualTo("\0{\"t\":\"error\",\"code\":\"c\",\"message\":\"tab\\tnl\\n\\\\ é \\u0001\"}");
    String state = "{\"x\":\"\\\"q\\\"\",  \"y\":1e3}";
    assertThat(new SnapshotEnvelope("a\"b", 1, 2, null, null, state).encode())
        .isEqualTo("{\"app\":\"a\\\"b\",\"version\":1,\"createdAt\":2,\"state\":" + state + "}");
  }

  @Test
  void drainReportIsOneFlatObject() {
    assertThat(new DrainReport(12, 5, 3, 1, 0, 1, 2, 0).toJson())
        .isEqualTo(
            "{\"durationMillis\":12,\"optedIn\":5,"
                + "\"stored\":3,\"tooLarge\":1,\"timeout\":0,\"storeError\":1,\"plainClosed\":2,\"aborted\":0}");
  }
}
