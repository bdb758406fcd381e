package dev.handoff.operator.config;

import dev.handoff.contract.DurationFormat;
import dev.handoff.contract.InvalidValueException;
import dev.handoff.contract.OnOff;
import dev.handoff.contract.Setting;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Typed reads of environment variables; every failure names the variable and the accepted form. */
final class EnvironmentReader {

  private static final Pattern QUANTITY =
      Pattern.compile("\\d+(\\.\\d+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

  private final Map<String, String> env;

  EnvironmentReader(Map<String, String> env) {
    this.env = env;
  }

  Optional<String> optional(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value.trim());
  }

  String text(String name, String fallback) {
    return optional(name).orElse(fallback);
  }

  int port(String name, int fallback) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.get());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException ignored) {
      // falls through to the error below
    }
    throw new InvalidSettingException(
        name, "expected a port number 1-65535, got \"" + value.get() + "\"");
  }

  Duration duration(String name, Duration fallback, boolean allowZero) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return fallback;
    }
    Optional<Duration> parsed = DurationFormat.parse(value.get());
    if (parsed.isEmpty() || (!allowZero && parsed.get().isZero())) {
      throw new InvalidSettingException(
          name,
          "expected a "
              + (allowZero ? "" : "positive ")
              + "duration "
              + DurationFormat.ACCEPTED_FORM
              + ", got \""
              + value.get()
              + "\"");
    }
    return parsed.get();
  }

  <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return fallback;
    }
    String wanted = value.get().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(wanted)) {
        return constant;
      }
    }
    String accepted =
        Arrays.stream(type.getEnumConstants())
            .map(constant -> constant.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .collect(Collectors.joining(", "));
    throw new InvalidSettingException(
        name, "expected one of " + accepted + ", got \"" + value.get() + "\"");
  }

  String oneOf(String name, String fallback, Set<String> accepted) {
    String value = text(name, fallback);
    if (!accepted.contains(value)) {
      throw new InvalidSettingException(
          name, "expected one of " + String.join(", ", accepted) + ", got \"" + value + "\"");
    }
    return value;
  }

  Optional<String> quantity(String name, String fallback) {
    String value = text(name, fallback);
    if (value.isEmpty() || value.equalsIgnoreCase("none")) {
      return Optional.empty();
    }
    if (!QUANTITY.matcher(value).matches()) {
      throw new InvalidSettingException(
          name, "expected a Kubernetes quantity such as 50m, 128Mi or none, got \"" + value + "\"");
    }
    return Optional.of(value);
  }

  String dnsLabel(String name, String fallback) {
    String value = text(name, fallback);
    if (!DNS_LABEL.matcher(value).matches()) {
      throw new InvalidSettingException(
          name,
          "expected a Kubernetes name (lower-case letters, digits, '-',"
              + " at most 63), got \""
              + value
              + "\"");
    }
    return value;
  }

  String resourceName(String name, String fallback) {
    String value = text(name, fallback);
    if (!DNS_SUBDOMAIN.matcher(value).matches()) {
      throw new InvalidSettingException(
          name,
          "expected a Kubernetes object name (lower-case letters, digits,"
              + " '-', '.'), got \""
              + value
              + "\"");
    }
    return value;
  }

  Set<String> nameList(String name, String fallback) {
    String value = env.containsKey(name) ? env.get(name) : fallback;
    Set<String> names = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      String trimmed = part.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (!DNS_LABEL.matcher(trimmed).matches()) {
        throw new InvalidSettingException(
            name, "expected comma-separated namespace names, got \"" + trimmed + "\"");
      }
      names.add(trimmed);
    }
    return Set.copyOf(names);
  }

  Optional<SecretKeyReference> secretKey(
      String nameVariable, String keyVariable, String defaultKey) {
    return optional(nameVariable)
        .map(
            secret ->
                new SecretKeyReference(
                    objectName(nameVariable, secret, "Secret"),
                    objectKey(keyVariable, defaultKey, "Secret")));
  }

  /**
   * A CA from a Secret or a ConfigMap, never both: two sources for one trust anchor would hide a
   * mistake.
   */
  Optional<RedisCaSource> redisCa(
      String secretVariable, String configMapVariable, String keyVariable, String defaultKey) {
    Optional<String> secret = optional(secretVariable);
    Optional<String> configMap = optional(configMapVariable);
    if (secret.isPresent() && configMap.isPresent()) {
      throw new InvalidSettingException(
          configMapVariable,
          "set either " + secretVariable + " or " + configMapVariable + ", not both");
    }
    if (secret.isPresent()) {
      return Optional.of(
          new RedisCaSource(
              RedisCaSource.Kind.SECRET,
              objectName(secretVariable, secret.get(), "Secret"),
              objectKey(keyVariable, defaultKey, "Secret")));
    }
    return configMap.map(
        name ->
            new RedisCaSource(
                RedisCaSource.Kind.CONFIG_MAP,
                objectName(configMapVariable, name, "ConfigMap"),
                objectKey(keyVariable, defaultKey, "ConfigMap")));
  }

  /**
   * An operator setting that is passed on to every sidecar: read with the sidecar's own parser and
   * bounds, so the operator refuses at start-up what each injected sidecar would refuse at its own.
   */
  <T> T sidecarSetting(String name, Setting<T> setting, T fallback) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return setting.parse(value.get());
    } catch (InvalidValueException e) {
      throw new InvalidSettingException(
          name, "expected " + setting.accepted() + ", got \"" + value.get() + "\"");
    }
  }

  /**
   * The sidecar's own spelling of a switch (contract's {@link OnOff}), so a value copied from its
   * docs works here.
   */
  boolean onOff(String name, boolean fallback) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return fallback;
    }
    return OnOff.parse(value.get())
        .orElseThrow(
            () ->
                new InvalidSettingException(
                    name, "expected " + OnOff.ACCEPTED_FORM + ", got \"" + value.get() + "\""));
  }

  private static String objectName(String variable, String value, String kind) {
    if (!DNS_SUBDOMAIN.matcher(value).matches()) {
      throw new InvalidSettingException(
          variable, "expected a " + kind + " name, got \"" + value + "\"");
    }
    return value;
  }

  private String objectKey(String variable, String defaultKey, String kind) {
    String key = text(variable, defaultKey);
    if (!key.matches("[-._a-zA-Z0-9]+")) {
      throw new InvalidSettingException(
          variable, "expected a " + kind + " key ([-._a-zA-Z0-9]+), got \"" + key + "\"");
    }
    return key;
  }
}
