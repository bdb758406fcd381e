package dev.handoff.sidecar;

import dev.handoff.contract.LogFormat;
import dev.handoff.logging.JsonLinesProvider;
import java.util.Map;

/**
 * System properties the sidecar process runs with unless its command line sets them ({@code
 * -Dname=value} wins). They are set in code rather than in JAVA_TOOL_OPTIONS so that a replaced
 * option string (the operator's HANDOFF_SIDECAR_JAVA_OPTIONS) cannot lose them.
 */
final class ProcessDefaults {
  /**
   * Netty 4.2 and Lettuce register JFR events when JFR is present: about a hundred {@code jdk.jfr}
   * classes, their annotation proxies and event handlers, some 1.5 MiB of idle RSS, for recordings
   * nobody takes.
   */
  static final Map<String, String> PROPERTIES =
      Map.of(
          "io.netty.jfr.enabled", "false",
          "io.lettuce.core.jfr", "false");

  private ProcessDefaults() {}

  /** Before anything loads Netty or Lettuce: both read these once, in static initialisers. */
  static void apply() {
    setUnlessSet(PROPERTIES);
  }

  /**
   * Before anything logs: with {@code HANDOFF_LOG_FORMAT=json} SLF4J's provider is {@link
   * JsonLinesProvider} (slf4j-simple, the default's, prefixes every line with its level).
   */
  static void logFormat(LogFormat format) {
    if (format == LogFormat.JSON) JsonLinesProvider.select();
  }

  private static void setUnlessSet(Map<String, String> properties) {
    properties.forEach(
        (name, value) -> {
          if (System.getProperty(name) == null) System.setProperty(name, value);
        });
  }
}
