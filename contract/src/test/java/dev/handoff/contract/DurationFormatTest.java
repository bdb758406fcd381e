package dev.handoff.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationFormatTest {

  @Test
  void readsTheFourUnits() {
    assertThat(DurationFormat.parse("500ms")).contains(Duration.ofMillis(500));
    assertThat(DurationFormat.parse("20s")).contains(Duration.ofSeconds(20));
    assertThat(DurationFormat.parse(" 10m ")).contains(Duration.ofMinutes(10));
    assertThat(DurationFormat.parse("2h")).contains(Duration.ofHours(2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "", "20", "1.5s", "-1s", "10 m", "1d", "PT20S", "1234567890s"})
  void refusesAnythingElse(String text) {
    assertThat(DurationFormat.parse(text)).isEmpty();
  }

  @Test
  void writesTheShortestExactForm() {
    assertThat(DurationFormat.format(Duration.ofSeconds(20))).isEqualTo("20s");
    assertThat(DurationFormat.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(DurationFormat.format(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(DurationFormat.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(DurationFormat.format(Duration.ZERO)).isEqualTo("0s");
  }
}
