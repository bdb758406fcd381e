package dev.handoff.sidecar.config;

import dev.handoff.contract.InvalidValueException;
import dev.handoff.contract.Setting;
import dev.handoff.contract.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@link SidecarConfig} from environment variables ({@code HANDOFF_DRAIN_TIMEOUT}) and the
 * matching command-line flags ({@code --drain-timeout 20s} or {@code --drain-timeout=20s}); a flag
 * wins over the variable. Every setting, its default, bounds and parser come from the contract's
 * {@link Settings}, which the operator checks annotations with: what the webhook admits, this
 * loader accepts.
 */
public final class ConfigLoader {
  /** Every setting, as its environment variable; the flag is derived from it. */
  public static final List<String> VARIABLES =
      Settings.ALL.stream().map(Setting::variable).toList();

  private final Map<String, String> values;

  private ConfigLoader(Map<String, String> values) {
    this.values = values;
  }

  public static SidecarConfig load(Map<String, String> env, List<String> args) {
    Map<String, String> merged = new HashMap<>();
    for (String name : VARIABLES) {
      String v = env.get(name);
      if (v != null && !v.isBlank()) merged.put(name, v.trim());
    }
    merged.putAll(parseFlags(args));
    return new ConfigLoader(merged).build();
  }

  public static String flagOf(String variable) {
    return Settings.ALL.stream()
        .filter(s -> s.variable().equals(variable))
        .findFirst()
        .map(Setting::flag)
        .orElseThrow(() -> new IllegalArgumentException(variable + " is no setting"));
  }

  private static Map<String, String> parseFlags(List<String> args) {
    Map<String, String> byFlag = new LinkedHashMap<>();
    for (Setting<?> s : Settings.ALL) byFlag.put(s.flag(), s.variable());
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String flag = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        flag = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      String variable = byFlag.get(flag);
      if (variable == null) {
        throw new ConfigException(
            "unknown argument '" + flag + "' (known: " + String.join(" ", byFlag.keySet()) + ")");
      }
      if (value == null) {
        if (i + 1 >= args.size()) throw new ConfigException(flag + ": a value is missing");
        value = args.get(++i);
      }
      out.put(variable, value.trim());
    }
    return out;
  }

  private SidecarConfig build() {
    String app = required(Settings.APP);
    long version = required(Settings.VERSION);
    int listen = get(Settings.LISTEN_PORT);
    int admin = get(Settings.ADMIN_PORT);
    if (listen == admin && listen != 0) {
      throw new ConfigException(
          "HANDOFF_ADMIN_PORT: must differ from HANDOFF_LISTEN_PORT ("
              + listen
              + "), the admin endpoints must not be reachable through the proxied port");
    }
    Optional<SnapshotKeys> keys =
        optional(Settings.SNAPSHOT_KEYS)
            .map(text -> SnapshotKeys.parse(Settings.SNAPSHOT_KEYS.variable(), text));
    return new SidecarConfig(
        app,
        version,
        get(Settings.VERSION_WINDOW),
        listen,
        admin,
        get(Settings.UPSTREAM),
        optional(Settings.REDIS_URL),
        get(Settings.SNAPSHOT_TTL),
        get(Settings.DRAIN_TIMEOUT),
        get(Settings.MAX_STATE_BYTES),
        get(Settings.RECONNECT_SPREAD),
        optional(Settings.ADMIN_TOKEN),
        get(Settings.STATE_HEADER_BUDGET),
        get(Settings.CLIENT_PATH),
        keys,
        optional(Settings.BIND_COOKIE),
        get(Settings.REDIS_WAIT_REPLICAS),
        get(Settings.REDIS_WAIT_TIMEOUT),
        optional(Settings.REDIS_CA_FILE).map(ConfigLoader::readableFile),
        get(Settings.STEERING),
        // One per CPU the container may use, as nginx's "worker_processes auto".
        optional(Settings.EVENT_LOOPS)
            .orElseGet(
                () ->
                    parse(
                        Settings.EVENT_LOOPS,
                        Integer.toString(Runtime.getRuntime().availableProcessors()))),
        get(Settings.LOG_FORMAT));
  }

  private <T> T required(Setting<T> setting) {
    return optional(setting)
        .orElseThrow(
            () ->
                new ConfigException(
                    setting.variable() + " is required (or the flag " + setting.flag() + ")"));
  }

  private <T> T get(Setting<T> setting) {
    return optional(setting).orElseGet(setting::defaultValue);
  }

  private <T> Optional<T> optional(Setting<T> setting) {
    return Optional.ofNullable(values.get(setting.variable())).map(text -> parse(setting, text));
  }

  /** One line naming the variable, e.g. "HANDOFF_DRAIN_TIMEOUT: 'soon' is not a duration (...)". */
  private static <T> T parse(Setting<T> setting, String text) {
    try {
      return setting.parse(text);
    } catch (InvalidValueException e) {
      throw new ConfigException(setting.variable() + ": " + e.reason());
    }
  }

  private static Path readableFile(String text) {
    Path path = Path.of(text);
    if (!Files.isReadable(path)) {
      throw new ConfigException(
          Settings.REDIS_CA_FILE.variable() + ": '" + text + "' is not a readable file");
    }
    return path;
  }
}
