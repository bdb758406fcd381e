package dev.handoff.operator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @Test
    void readsTheFourUnitsTheSidecarAccepts() {
        assertThat(DurationText.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(DurationText.parse("20s")).contains(Duration.ofSeconds(20));
        assertThat(DurationText.parse("10m")).contains(Duration.ofMinutes(10));
        assertThat(DurationText.parse("2h")).contains(Duration.ofHours(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "", "20", "1.5s", "-1s", "10 m", "1d", "PT20S"})
    void rejectsAnythingElse(String text) {
        assertThat(DurationText.parse(text)).isEmpty();
    }

    @Test
    void writesTheShortestExactForm() {
        assertThat(DurationText.format(Duration.ofSeconds(20))).isEqualTo("20s");
        assertThat(DurationText.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(DurationText.format(Duration.ofHours(3))).isEqualTo("3h");
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
    }
}
