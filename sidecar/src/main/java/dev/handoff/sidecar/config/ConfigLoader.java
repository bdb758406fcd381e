package dev.handoff.sidecar.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import dev.handoff.sidecar.store.SnapshotKeyRing;

/**
 * Reads {@link SidecarConfig} from environment variables ({@code HANDOFF_DRAIN_TIMEOUT}) and the matching
 * command-line flags ({@code --drain-timeout 20s} or {@code --drain-timeout=20s}); a flag wins over the variable.
 */
public final class ConfigLoader {
  /** Every setting, as its environment variable; the flag is derived from it. */
  public static final List<String> VARIABLES = List.of(
      "HANDOFF_APP", "HANDOFF_VERSION", "HANDOFF_VERSION_WINDOW", "HANDOFF_LISTEN_PORT", "HANDOFF_ADMIN_PORT",
      "HANDOFF_UPSTREAM", "HANDOFF_REDIS_URL", "HANDOFF_SNAPSHOT_TTL", "HANDOFF_DRAIN_TIMEOUT",
      "HANDOFF_MAX_STATE_BYTES", "HANDOFF_RECONNECT_SPREAD", "HANDOFF_ADMIN_TOKEN", "HANDOFF_STATE_HEADER_BUDGET",
      "HANDOFF_CLIENT_PATH", "HANDOFF_SNAPSHOT_KEYS", "HANDOFF_BIND_COOKIE", "HANDOFF_REDIS_WAIT_REPLICAS",
      "HANDOFF_REDIS_WAIT_TIMEOUT", "HANDOFF_REDIS_CA_FILE", "HANDOFF_STEERING",
      "HANDOFF_EVENT_LOOPS");

  private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
  private static final Pattern APP_NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?");

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
    return "--" + variable.substring("HANDOFF_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static Map<String, String> parseFlags(List<String> args) {
    Map<String, String> byFlag = new LinkedHashMap<>();
    for (String v : VARIABLES) byFlag.put(flagOf(v), v);
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
        throw new ConfigException("unknown argument '" + flag + "' (known: " + String.join(" ", byFlag.keySet()) + ")");
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
    String app = required("HANDOFF_APP");
    if (!APP_NAME.matcher(app).matches()) {
      throw new ConfigException("HANDOFF_APP: '" + app
          + "' is not a valid app name (lower-case letters, digits, '.', '_' or '-', at most 63 characters)");
    }
    long version = longValue("HANDOFF_VERSION", required("HANDOFF_VERSION"), 0, Long.MAX_VALUE);
    int window = (int) longValue("HANDOFF_VERSION_WINDOW", get("HANDOFF_VERSION_WINDOW", "1"), 0, 1000);
    int listen = port("HANDOFF_LISTEN_PORT", SidecarConfig.DEFAULT_LISTEN_PORT);
    int admin = port("HANDOFF_ADMIN_PORT", SidecarConfig.DEFAULT_ADMIN_PORT);
    if (listen == admin && listen != 0) {
      throw new ConfigException("HANDOFF_ADMIN_PORT: must differ from HANDOFF_LISTEN_PORT (" + listen
          + "), the admin endpoints must not be reachable through the proxied port");
    }
    URI upstream = upstream(get("HANDOFF_UPSTREAM", "http://127.0.0.1:8080"));
    Optional<String> redis = Optional.ofNullable(values.get("HANDOFF_REDIS_URL")).map(this::redisUrl);
    Duration ttl = positive("HANDOFF_SNAPSHOT_TTL", get("HANDOFF_SNAPSHOT_TTL", "10m"));
    Duration drain = positive("HANDOFF_DRAIN_TIMEOUT", get("HANDOFF_DRAIN_TIMEOUT", "20s"));
    int maxState = (int) longValue("HANDOFF_MAX_STATE_BYTES", get("HANDOFF_MAX_STATE_BYTES", "65536"), 1, 16 << 20);
    Duration spread = DurationValue.parse("HANDOFF_RECONNECT_SPREAD", get("HANDOFF_RECONNECT_SPREAD", "2s"));
    Optional<String> token = Optional.ofNullable(values.get("HANDOFF_ADMIN_TOKEN"));
    int headerBudget = (int) longValue("HANDOFF_STATE_HEADER_BUDGET",
        get("HANDOFF_STATE_HEADER_BUDGET", "4096"), 0, 64 << 10);
    String clientPath = get("HANDOFF_CLIENT_PATH", "/_handoff/");
    if (!clientPath.startsWith("/") || !clientPath.endsWith("/")) {
      throw new ConfigException("HANDOFF_CLIENT_PATH: '" + clientPath + "' must start and end with '/'");
    }
    Optional<SnapshotKeyRing> keys = Optional.ofNullable(values.get("HANDOFF_SNAPSHOT_KEYS"))
        .map(text -> SnapshotKeyRing.parse("HANDOFF_SNAPSHOT_KEYS", text));
    Optional<String> bindCookie = Optional.ofNullable(values.get("HANDOFF_BIND_COOKIE"));
    if (bindCookie.isPresent() && !COOKIE_NAME.matcher(bindCookie.get()).matches()) {
      throw new ConfigException("HANDOFF_BIND_COOKIE: '" + bindCookie.get() + "' is not a cookie name");
    }
    return new SidecarConfig(app, version, window, listen, admin, upstream, redis, ttl, drain, maxState, spread,
        token, headerBudget, clientPath, keys, bindCookie,
        (int) longValue("HANDOFF_REDIS_WAIT_REPLICAS", get("HANDOFF_REDIS_WAIT_REPLICAS", "0"), 0, 16),
        positive("HANDOFF_REDIS_WAIT_TIMEOUT", get("HANDOFF_REDIS_WAIT_TIMEOUT", "1s")),
        Optional.ofNullable(values.get("HANDOFF_REDIS_CA_FILE")).map(ConfigLoader::readableFile),
        onOff("HANDOFF_STEERING", get("HANDOFF_STEERING", "on")),
        // One per CPU the container may use, as nginx's "worker_processes auto".
        (int) longValue("HANDOFF_EVENT_LOOPS",
            get("HANDOFF_EVENT_LOOPS", Integer.toString(Runtime.getRuntime().availableProcessors())), 1, 64));
  }

  private String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new ConfigException(name + " is required (or the flag " + flagOf(name) + ")");
    }
    return v;
  }

  private String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  private static long longValue(String name, String text, long min, long max) {
    long v;
    try {
      v = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ConfigException(name + ": '" + text + "' is not a whole number");
    }
    if (v < min || v > max) {
      throw new ConfigException(name + ": " + v + " is out of range (" + min + " to " + max + ")");
    }
    return v;
  }

  private int port(String name, int fallback) {
    return (int) longValue(name, get(name, Integer.toString(fallback)), 0, 65535);
  }

  private static boolean onOff(String name, String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "on", "true", "yes", "1" -> true;
      case "off", "false", "no", "0" -> false;
      default -> throw new ConfigException(name + ": '" + text + "' is neither on nor off");
    };
  }

  private static java.nio.file.Path readableFile(String text) {
    java.nio.file.Path path = java.nio.file.Path.of(text);
    if (!java.nio.file.Files.isReadable(path)) {
      throw new ConfigException("HANDOFF_REDIS_CA_FILE: '" + text + "' is not a readable file");
    }
    return path;
  }

  private static Duration positive(String name, String text) {
    Duration d = DurationValue.parse(name, text);
    if (d.isZero()) throw new ConfigException(name + ": must be longer than zero");
    return d;
  }

  private static URI upstream(String text) {
    try {
      URI uri = new URI(text);
      if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new ConfigException("HANDOFF_UPSTREAM: '" + text + "' must be an http:// URL with a host, e.g. http://127.0.0.1:8080");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException("HANDOFF_UPSTREAM: '" + text + "' is not a URL");
    }
  }

  private String redisUrl(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (!(lower.startsWith("redis://") || lower.startsWith("rediss://") || lower.startsWith("redis-sentinel://")
        || lower.startsWith("redis-cluster://") || lower.startsWith("rediss-cluster://"))) {
      // Never echo the URL: it may carry a password.
      throw new ConfigException("HANDOFF_REDIS_URL: must start with redis://, rediss://, redis-sentinel://, "
          + "redis-cluster:// or rediss-cluster://");
    }
    return text;
  }
}
