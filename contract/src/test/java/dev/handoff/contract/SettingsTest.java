package dev.handoff.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void everyDefaultIsAValueItsOwnSettingAccepts() {
    for (Setting<?> setting : Settings.ALL) {
      setting
          .defaultText()
          .ifPresent(text -> assertThat(setting.parse(text)).as(setting.variable()).isNotNull());
    }
  }

  @Test
  void everyDefaultWrittenOutReadsBackUnchanged() {
    for (Setting<?> setting : Settings.ALL) {
      if (setting.defaultText().isPresent()) {
        assertRoundTrip(setting);
      }
    }
  }

  private static <T> void assertRoundTrip(Setting<T> setting) {
    T value = setting.defaultValue();
    assertThat(setting.parse(setting.format(value))).as(setting.variable()).isEqualTo(value);
  }

  @Test
  void namesEveryVariableOnceAndDerivesItsFlag() {
    assertThat(Settings.ALL).extracting(Setting::variable).doesNotHaveDuplicates();
    assertThat(Settings.DRAIN_TIMEOUT.flag()).isEqualTo("--drain-timeout");
    assertThat(Settings.REDIS_WAIT_REPLICAS.flag()).isEqualTo("--redis-wait-replicas");
  }

  @Test
  void annotationsSetOnlyThePerPodSettings() {
    assertThat(Settings.annotated())
        .extracting(setting -> setting.annotation().orElseThrow())
        .containsExactly(
            "handoff.dev/app",
            "handoff.dev/version",
            "handoff.dev/version-window",
            "handoff.dev/snapshot-ttl",
            "handoff.dev/drain-timeout",
            "handoff.dev/max-state-bytes",
            "handoff.dev/bind-cookie",
            "handoff.dev/log-format");
  }

  @Test
  void boundsAreTheSidecarsOwn() {
    assertThat(Settings.VERSION_WINDOW.parse("1000")).isEqualTo(1000);
    assertThatThrownBy(() -> Settings.VERSION_WINDOW.parse("1001"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("1001 is out of range (0 to 1000)");
    assertThat(Settings.MAX_STATE_BYTES.parse("16777216")).isEqualTo(16 << 20);
    assertThatThrownBy(() -> Settings.MAX_STATE_BYTES.parse("16777217"))
        .isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> Settings.MAX_STATE_BYTES.parse("0"))
        .isInstanceOf(InvalidValueException.class);
  }

  @Test
  void reasonsNameTheValueButNotTheSetting() {
    assertThatThrownBy(() -> Settings.DRAIN_TIMEOUT.parse("soon"))
        .hasMessage("'soon' is not a duration (use e.g. 500ms, 20s, 10m, 1h)");
    assertThatThrownBy(() -> Settings.DRAIN_TIMEOUT.parse("0s"))
        .hasMessage("must be longer than zero");
    assertThat(Settings.RECONNECT_SPREAD.parse("0s")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> Settings.STEERING.parse("maybe"))
        .hasMessage("'maybe' is neither on nor off");
  }

  @Test
  void neverEchoesARedisUrlItRefuses() {
    assertThatThrownBy(() -> Settings.REDIS_URL.parse("http://user:secret@redis"))
        .hasMessage(
            "must start with redis://, rediss://, redis-sentinel://, redis-cluster:// or rediss-cluster://")
        .message()
        .doesNotContain("secret");
  }

  @Test
  void refusesAClusterUrlNoClientCanReadWithoutEchoingIt() {
    assertThat(Settings.REDIS_URL.parse("redis-cluster://u:secret@a:7000, b:7001"))
        .isEqualTo("redis-cluster://u:secret@a:7000, b:7001");
    assertThatThrownBy(
            () -> Settings.REDIS_URL.parse("redis-cluster://u:secret@[::1]:7000,[::2]:7001"))
        .hasMessageContaining("IPv6")
        .message()
        .doesNotContain("secret");
    assertThatThrownBy(() -> Settings.REDIS_URL.parse("rediss-cluster://u:secret@"))
        .hasMessageContaining("at least one host:port")
        .message()
        .doesNotContain("secret");
  }

  @Test
  void describesWhatANumberAccepts() {
    assertThat(Settings.VERSION_WINDOW.accepted())
        .isEqualTo("a whole number from 0 to 1000, e.g. \"1\"");
    assertThat(Settings.DRAIN_TIMEOUT.accepted())
        .isEqualTo("a positive duration <n>ms, <n>s, <n>m or <n>h, e.g. \"20s\"");
  }
}
