package dev.handoff.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"shop", "a", "shop-2", "my.app_1"})
  void acceptsLowerCaseLabelShapedNames(String name) {
    assertThat(AppName.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Shop", "", "-shop", "shop-", "my app", "shop:v2"})
  void refusesCapitalsAndWhatIsNoLabelValue(String name) {
    assertThat(AppName.isValid(name)).isFalse();
  }

  @Test
  void refusesMoreThanSixtyThreeCharacters() {
    assertThat(AppName.isValid("a".repeat(63))).isTrue();
    assertThat(AppName.isValid("a".repeat(64))).isFalse();
  }

  @Test
  void foldsALabelToLowerCase() {
    assertThat(AppName.fromLabel("Shop")).contains("shop");
    assertThat(AppName.fromLabel("my shop")).isEmpty();
    assertThat(AppName.fromLabel(null)).isEmpty();
  }
}
