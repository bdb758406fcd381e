package dev.handoff.sidecar.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpgradeDecisionTest {
  private static final String STATE = "{\"draft\":\"h\\u00e9llo\",\"n\":1}";
  private final UpgradeDecision decision = new UpgradeDecision("shop", 7, 4096);

  private static Restore restored(String state) {
    return new Restore(
        RestoreOutcome.RESTORED, new SnapshotEnvelope("shop", 6, 1L, null, null, state), "key");
  }

  @Test
  void aDrainingPodRefusesWith503AndRetryAfterOne() {
    assertThat(UpgradeDecision.admission(false))
        .hasValueSatisfying(
            r -> {
              assertThat(r.status()).isEqualTo(503);
              assertThat(r.retryAfter()).isEqualTo("1");
            });
    assertThat(UpgradeDecision.admission(true)).isEmpty();
  }

  @Test
  void aSteeredTokenIsRefusedWith503AndRetryAfterZero() {
    assertThat(UpgradeDecision.steering(true))
        .hasValueSatisfying(
            r -> {
              assertThat(r.status()).isEqualTo(503);
              assertThat(r.retryAfter()).isEqualTo("0");
            });
    assertThat(UpgradeDecision.steering(false)).isEmpty();
  }

  @Test
  void onlyAnOptedInUpgradeRestoresItsToken() {
    String token = "A".repeat(43);
    assertThat(
            UpgradeDecision.tokenToRestore(
                UpgradeDecision.offer(List.of("handoff.v1, handoff.token." + token))))
        .contains(token);
    assertThat(
            UpgradeDecision.tokenToRestore(
                UpgradeDecision.offer(List.of("handoff.token." + token))))
        .isEmpty();
    assertThat(UpgradeDecision.tokenToRestore(UpgradeDecision.offer(List.of("handoff.v1"))))
        .isEmpty();
  }

  @Test
  void aRestoredSnapshotSendsItsVersionAndBase64urlStateToTheApp() {
    Map<String, String> headers = decision.upstreamHeaders(restored(STATE));

    assertThat(headers).containsEntry("Handoff-Restored-From", "6");
    assertThat(
            new String(
                Base64.getUrlDecoder().decode(headers.get("Handoff-State")),
                StandardCharsets.UTF_8))
        .isEqualTo(STATE);
    assertThat(headers.get("Handoff-State")).doesNotContain("=");
  }

  @Test
  void aStateOverTheHeaderBudgetSendsTheVersionOnly() {
    String big = "{\"d\":\"" + "x".repeat(4000) + "\"}";
    Map<String, String> headers = decision.upstreamHeaders(restored(big));

    assertThat(headers).containsOnlyKeys("Handoff-Restored-From");
  }

  @Test
  void aStateExactlyAtTheBudgetStillFits() {
    // The budget counts the encoded characters: an encoding exactly the budget long fits, one over
    // does not.
    String state = "{\"d\":\"" + "x".repeat(3000) + "\"}";
    String encoded =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(state.getBytes(StandardCharsets.UTF_8));
    UpgradeDecision exact = new UpgradeDecision("shop", 7, encoded.length());

    assertThat(exact.upstreamHeaders(restored(state))).containsEntry("Handoff-State", encoded);
    assertThat(
            new UpgradeDecision("shop", 7, encoded.length() - 1).upstreamHeaders(restored(state)))
        .doesNotContainKey("Handoff-State");
  }

  @Test
  void nothingRestoredAddsNoHeaders() {
    assertThat(decision.upstreamHeaders(null)).isEmpty();
    for (RestoreOutcome o : RestoreOutcome.values()) {
      if (o != RestoreOutcome.RESTORED)
        assertThat(decision.upstreamHeaders(Restore.of(o))).isEmpty();
    }
    // A snapshot outside the window was taken out of the store, but the app hears nothing of it.
    assertThat(
            decision.upstreamHeaders(
                new Restore(
                    RestoreOutcome.REFRESH,
                    new SnapshotEnvelope("shop", 1, 1L, null, null, STATE),
                    "key")))
        .isEmpty();
  }

  @Test
  void theAppsChoiceOfSubprotocolWins() {
    Subprotocols offer = UpgradeDecision.offer(List.of("chat, handoff.v1"));
    assertThat(UpgradeDecision.answer(offer, "chat")).contains("chat");
  }

  @Test
  void anOptedInClientWhoseAppChoseNoneHearsHandoffV1() {
    Subprotocols offer = UpgradeDecision.offer(List.of("chat, handoff.v1"));
    assertThat(UpgradeDecision.answer(offer, null)).contains("handoff.v1");
    assertThat(UpgradeDecision.answer(offer, "")).contains("handoff.v1");
  }

  @Test
  void aPlainClientWhoseAppChoseNoneHearsNone() {
    assertThat(UpgradeDecision.answer(UpgradeDecision.offer(List.of("chat")), null)).isEmpty();
    assertThat(UpgradeDecision.answer(UpgradeDecision.offer(List.of()), null)).isEmpty();
  }

  @Test
  void noTokenIsGreetedWithAPlainHello() {
    assertThat(decision.greeting(null))
        .isEqualTo("\0{\"t\":\"hello\",\"app\":\"shop\",\"version\":7}");
  }

  @Test
  void aRestoredTokenIsGreetedWithItsStateByteForByte() {
    assertThat(decision.greeting(restored(STATE)))
        .isEqualTo(
            "\0{\"t\":\"hello\",\"app\":\"shop\",\"version\":7,\"restored\":{\"fromVersion\":6,\"state\":"
                + STATE
                + "}}");
  }

  @Test
  void aSnapshotOutsideTheWindowIsGreetedWithRefresh() {
    assertThat(decision.greeting(Restore.of(RestoreOutcome.REFRESH)))
        .isEqualTo("\0{\"t\":\"refresh\",\"reason\":\"version\"}");
  }

  @Test
  void aStoreThatCouldNotBeAskedIsGreetedWithUnavailable() {
    assertThat(decision.greeting(Restore.of(RestoreOutcome.STORE_ERROR)))
        .isEqualTo(
            "\0{\"t\":\"hello\",\"app\":\"shop\",\"version\":7,\"restore\":\"unavailable\"}");
  }

  @Test
  void expiredAndInvalidTokensLookAlikeToTheClient() {
    String expired = "\0{\"t\":\"hello\",\"app\":\"shop\",\"version\":7,\"restore\":\"expired\"}";
    assertThat(decision.greeting(Restore.of(RestoreOutcome.EXPIRED))).isEqualTo(expired);
    assertThat(decision.greeting(Restore.of(RestoreOutcome.INVALID))).isEqualTo(expired);
  }
}
