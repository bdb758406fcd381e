package dev.handoff.operator.injection;

import dev.handoff.contract.InvalidValueException;
import dev.handoff.contract.LogFormat;
import dev.handoff.contract.Setting;
import dev.handoff.contract.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code handoff.dev/*} annotations of one pod, validated with the sidecar's own parsers and
 * bounds ({@link Settings}); absent ones take the sidecar's defaults.
 */
public record HandoffOptions(
    Optional<String> app,
    Optional<Long> version,
    int versionWindow,
    Duration drainTimeout,
    Duration snapshotTtl,
    int maxStateBytes,
    Optional<PortSelector> port,
    Optional<String> bindCookie,
    Optional<LogFormat> logFormat) {

  public static HandoffOptions fromAnnotations(Map<String, String> annotations) {
    return new HandoffOptions(
        optional(annotations, Settings.APP),
        optional(annotations, Settings.VERSION),
        withDefault(annotations, Settings.VERSION_WINDOW),
        withDefault(annotations, Settings.DRAIN_TIMEOUT),
        withDefault(annotations, Settings.SNAPSHOT_TTL),
        withDefault(annotations, Settings.MAX_STATE_BYTES),
        Optional.ofNullable(annotations.get(HandoffAnnotations.PORT)).map(PortSelector::parse),
        optional(annotations, Settings.BIND_COOKIE),
        optional(annotations, Settings.LOG_FORMAT));
  }

  /**
   * {@code handoff.dev/app} alone, for the app name's other sources (labels, owner) to fall back
   * on.
   */
  static Optional<String> app(Map<String, String> annotations) {
    return optional(annotations, Settings.APP);
  }

  private static <T> T withDefault(Map<String, String> annotations, Setting<T> setting) {
    return optional(annotations, setting).orElseGet(setting::defaultValue);
  }

  /** A value the sidecar would refuse is denied here, naming the annotation and what it accepts. */
  private static <T> Optional<T> optional(Map<String, String> annotations, Setting<T> setting) {
    String annotation = setting.annotation().orElseThrow();
    return Optional.ofNullable(annotations.get(annotation))
        .map(
            value -> {
              try {
                return setting.parse(value);
              } catch (InvalidValueException e) {
                throw AnnotationException.badValue(annotation, value, setting.accepted());
              }
            });
  }
}
