package dev.handoff.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WireProtocolTest {

  @Test
  void anIssuedTokenHasTheDocumentedLengthAndForm() {
    String issued =
        Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[TokenFormat.RANDOM_BYTES]);

    assertThat(issued).hasSize(TokenFormat.LENGTH);
    assertThat(TokenFormat.isWellFormed(issued)).isTrue();
  }

  @Test
  void aPresentedTokenIsAcceptedFrom22To128Base64urlCharacters() {
    assertThat(TokenFormat.isWellFormed("a".repeat(21))).isFalse();
    assertThat(TokenFormat.isWellFormed("a".repeat(22))).isTrue();
    assertThat(TokenFormat.isWellFormed("-_".repeat(64))).isTrue();
    assertThat(TokenFormat.isWellFormed("a".repeat(129))).isFalse();
    assertThat(TokenFormat.isWellFormed("a".repeat(30) + "=")).isFalse();
    assertThat(TokenFormat.isWellFormed("a".repeat(30) + "+")).isFalse();
    assertThat(TokenFormat.isWellFormed(null)).isFalse();
  }

  @Test
  void aTokenRidesInItsOwnReservedSubprotocol() {
    assertThat(Subprotocol.token("abc")).isEqualTo("handoff.token.abc");
    assertThat(Subprotocol.isReserved(Subprotocol.token("abc"))).isTrue();
    assertThat(Subprotocol.isReserved(Subprotocol.V1)).isTrue();
    assertThat(Subprotocol.isReserved("graphql-ws")).isFalse();
  }

  @Test
  void aControlFrameStartsWithNul() {
    assertThat(ControlFrames.frame("{}")).isEqualTo("\0{}");
    assertThat(ControlFrames.isControl(ControlFrames.frame("{}"))).isTrue();
    assertThat(ControlFrames.isControl("{}")).isFalse();
    assertThat(ControlFrames.isControl("")).isFalse();
  }

  @Test
  void theStateHeaderIsBase64urlWithoutPaddingAndComesBackByteForByte() {
    byte[] state = "{\"é\":\"?>\"}".getBytes(StandardCharsets.UTF_8);

    String header = UpgradeHeaders.encodeState(state);

    assertThat(header).doesNotContain("=", "+", "/");
    assertThat(UpgradeHeaders.decodeState(header)).isEqualTo(state);
  }
}
