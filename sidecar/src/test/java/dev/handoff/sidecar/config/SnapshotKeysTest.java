package dev.handoff.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * HANDOFF_SNAPSHOT_KEYS, checked where the configuration is read; the store builds its ciphers from
 * it.
 */
class SnapshotKeysTest {
  private static final String V = "HANDOFF_SNAPSHOT_KEYS";
  private static final String K32 = Base64.getEncoder().encodeToString(new byte[32]);
  private static final String K16 = Base64.getEncoder().encodeToString(new byte[16]);

  @Test
  void theFirstKeySealsAndEveryKeyIsKeptInOrder() {
    SnapshotKeys keys = SnapshotKeys.parse(V, "new=" + K32 + ", old=" + K16);
    assertThat(keys.activeId()).isEqualTo("new");
    assertThat(keys.ids()).containsExactly("new", "old");
    assertThat(keys.key("old")).hasSize(16);
  }

  @Test
  void neverShowsTheKeyMaterial() {
    String secret = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes());
    SnapshotKeys keys = SnapshotKeys.parse(V, "k1=" + secret);
    assertThat(keys.toString()).isEqualTo("SnapshotKeys[k1]").doesNotContain(secret);
    assertThat(SidecarConfig.defaults("demo", 1).toBuilder().snapshotKeys(keys).build().toString())
        .doesNotContain(secret);
    assertThatThrownBy(() -> SnapshotKeys.parse(V, "k1=" + secret + "!"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(V + ": the key 'k1' is not valid base64")
        .message()
        .doesNotContain(secret);
  }

  /**
   * A key written without its id used to come back in the message, as the id before its base64
   * padding.
   */
  @Test
  void aKeyWrittenWithoutItsIdIsNeverEchoed() {
    String withPlusAndSlash = "+/+/AAAAAAAAAAAAAAAAAA==";
    for (String key : new String[] {K32, K16, withPlusAndSlash, "k1=" + K32 + "," + K16}) {
      assertThatThrownBy(() -> SnapshotKeys.parse(V, key))
          .isInstanceOf(ConfigException.class)
          .message()
          .doesNotContain(key.replace("=", ""))
          .doesNotContain("AAAAAAAA")
          .doesNotContain("+/+/");
    }
    assertThatThrownBy(() -> SnapshotKeys.parse(V, K16))
        .hasMessage(V + ": each key is written <id>=<base64 key>");
  }

  @Test
  void refusesWhatAesCannotUseInOneLineNamingTheVariable() {
    assertThatThrownBy(() -> SnapshotKeys.parse(V, "a b=" + K32))
        .hasMessage(V + ": a key id must be 1-32 letters, digits, '_' or '-'");
    assertThatThrownBy(
            () -> SnapshotKeys.parse(V, "k=" + Base64.getEncoder().encodeToString(new byte[20])))
        .hasMessage(V + ": the key 'k' has 20 bytes; AES needs 16, 24 or 32");
    assertThatThrownBy(() -> SnapshotKeys.parse(V, "k=" + K32 + ",k=" + K16))
        .hasMessage(V + ": the key id 'k' appears twice");
    assertThatThrownBy(() -> SnapshotKeys.parse(V, " , ")).isInstanceOf(ConfigException.class);
  }

  @Test
  void theLoaderReadsThemFromTheEnvironment() {
    SidecarConfig config =
        ConfigLoader.load(
            java.util.Map.of("HANDOFF_APP", "demo", "HANDOFF_VERSION", "1", V, "k1=" + K32),
            java.util.List.of());
    assertThat(config.snapshotKeys())
        .hasValueSatisfying(k -> assertThat(k.ids()).containsExactly("k1"));
  }
}
