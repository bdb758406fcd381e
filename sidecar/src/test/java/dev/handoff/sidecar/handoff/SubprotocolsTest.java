package dev.handoff.sidecar.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubprotocolsTest {

  @Test
  void handoffV1OptsIn() {
    assertThat(Subprotocols.parse(List.of("handoff.v1")).optedIn()).isTrue();
    assertThat(Subprotocols.parse(List.of("chat")).optedIn()).isFalse();
    assertThat(Subprotocols.parse(List.of()).optedIn()).isFalse();
  }

  @Test
  void theTokenComesFromItsOwnEntry() {
    Subprotocols offer = Subprotocols.parse(List.of("handoff.v1, handoff.token.abc_DEF-123"));

    assertThat(offer.token()).contains("abc_DEF-123");
  }

  @Test
  void anEmptyTokenIsNoToken() {
    assertThat(Subprotocols.parse(List.of("handoff.v1, handoff.token.")).token()).isEmpty();
  }

  @Test
  void theAppGetsItsOwnEntriesInOrderAndNoneOfOurs() {
    Subprotocols offer =
        Subprotocols.parse(List.of("graphql-ws, handoff.v1", "handoff.token.t, mqtt, handoff.v2"));

    assertThat(offer.app()).containsExactly("graphql-ws", "mqtt");
  }

  @Test
  void entriesAreTrimmedAndEmptyOnesSkipped() {
    Subprotocols offer = Subprotocols.parse(List.of(" chat ,, handoff.v1 ,"));

    assertThat(offer.app()).containsExactly("chat");
    assertThat(offer.optedIn()).isTrue();
  }

  @Test
  void aTokenWithoutHandoffV1DoesNotOptIn() {
    Subprotocols offer = Subprotocols.parse(List.of("handoff.token.abc"));

    assertThat(offer.optedIn()).isFalse();
    assertThat(offer.app()).isEmpty();
  }

  @Test
  void theNameIsCaseSensitive() {
    // RFC 6455 compares subprotocols as case-sensitive tokens: HANDOFF.V1 is some app's, not ours.
    Subprotocols offer = Subprotocols.parse(List.of("HANDOFF.V1"));

    assertThat(offer.optedIn()).isFalse();
    assertThat(offer.app()).containsExactly("HANDOFF.V1");
  }
}
