package dev.handoff.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProcessDefaultsTest {
  private final Map<String, String> saved = new HashMap<>();

  @BeforeEach
  void save() {
    ProcessDefaults.PROPERTIES.keySet().forEach(k -> saved.put(k, System.getProperty(k)));
    ProcessDefaults.PROPERTIES.keySet().forEach(System::clearProperty);
  }

  @AfterEach
  void restore() {
    saved.forEach(
        (k, v) -> {
          if (v == null) System.clearProperty(k);
          else System.setProperty(k, v);
        });
  }

  @Test
  void switchesOffNettyAndLettuceJfrEvents() {
    ProcessDefaults.apply();
    assertThat(System.getProperty("io.netty.jfr.enabled")).isEqualTo("false");
    assertThat(System.getProperty("io.lettuce.core.jfr")).isEqualTo("false");
  }

  @Test
  void jsonLogsSelectTheJsonLinesProviderAndTextLeavesSlf4jSimple() {
    Map<String, String> before = new HashMap<>();
    java.util.List.of("slf4j.provider", "slf4j.internal.verbosity")
        .forEach(k -> before.put(k, System.getProperty(k)));
    java.util.List.of("slf4j.provider", "slf4j.internal.verbosity").forEach(System::clearProperty);
    try {
      ProcessDefaults.logFormat(dev.handoff.contract.LogFormat.TEXT);
      assertThat(System.getProperty("slf4j.provider")).isNull();
      ProcessDefaults.logFormat(dev.handoff.contract.LogFormat.JSON);
      assertThat(System.getProperty("slf4j.provider"))
          .isEqualTo("dev.handoff.logging.JsonLinesProvider");
      assertThat(System.getProperty("slf4j.internal.verbosity")).isEqualTo("WARN");
    } finally {
      before.forEach(
          (k, v) -> {
            if (v == null) System.clearProperty(k);
            else System.setProperty(k, v);
          });
    }
  }

  @Test
  void aPropertyFromTheCommandLineWins() {
    System.setProperty("io.netty.jfr.enabled", "true");
    ProcessDefaults.apply();
    assertThat(System.getProperty("io.netty.jfr.enabled")).isEqualTo("true");
    assertThat(System.getProperty("io.lettuce.core.jfr")).isEqualTo("false");
  }
}
