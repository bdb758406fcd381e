package dev.handoff.contract;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every setting of the sidecar, once. The sidecar's loader reads them, the operator's webhook
 * checks the annotations and writes the container's environment with them, so a value the webhook
 * admits is a value the sidecar starts with. Adding a setting: one constant here, listed in {@link
 * #ALL}, plus its use.
 */
public final class Settings {

  private static final String ANNOTATION = "handoff.dev/";
  private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");

  public static final Setting<String> APP =
      new Setting<>(
          "HANDOFF_APP",
          annotation("app"),
          Optional.empty(),
          AppName.ACCEPTED_FORM,
          Settings::appName,
          Function.identity());
  public static final Setting<Long> VERSION =
      longNumber(
          "HANDOFF_VERSION",
          annotation("version"),
          null,
          0,
          Long.MAX_VALUE,
          "a non-negative whole number, e.g. \"7\"");
  public static final Setting<Integer> VERSION_WINDOW =
      intNumber("HANDOFF_VERSION_WINDOW", annotation("version-window"), "1", 0, 1000);
  public static final Setting<Integer> LISTEN_PORT =
      intNumber("HANDOFF_LISTEN_PORT", none(), "8480", 0, 65535);
  public static final Setting<Integer> ADMIN_PORT =
      intNumber("HANDOFF_ADMIN_PORT", none(), "9480", 0, 65535);
  public static final Setting<URI> UPSTREAM =
      new Setting<>(
          "HANDOFF_UPSTREAM",
          none(),
          Optional.of("http://127.0.0.1:8080"),
          "an http:// URL with a host, e.g. http://127.0.0.1:8080",
          Settings::upstream,
          URI::toString);
  public static final Setting<String> REDIS_URL =
      new Setting<>(
          "HANDOFF_REDIS_URL",
          none(),
          Optional.empty(),
          "a URL starting with " + RedisScheme.ACCEPTED_FORM,
          Settings::redisUrl,
          Function.identity());
  public static final Setting<Duration> SNAPSHOT_TTL =
      duration("HANDOFF_SNAPSHOT_TTL", annotation("snapshot-ttl"), "10m", false);
  public static final Setting<Duration> DRAIN_TIMEOUT =
      duration("HANDOFF_DRAIN_TIMEOUT", annotation("drain-timeout"), "20s", false);
  public static final Setting<Integer> MAX_STATE_BYTES =
      intNumber("HANDOFF_MAX_STATE_BYTES", annotation("max-state-bytes"), "65536", 1, 16 << 20);
  public static final Setting<Duration> RECONNECT_SPREAD =
      duration("HANDOFF_RECONNECT_SPREAD", none(), "2s", true);
  public static final Setting<String> ADMIN_TOKEN = text("HANDOFF_ADMIN_TOKEN", "a bearer token");
  public static final Setting<Integer> STATE_HEADER_BUDGET =
      intNumber("HANDOFF_STATE_HEADER_BUDGET", none(), "4096", 0, 64 << 10);
  public static final Setting<String> CLIENT_PATH =
      new Setting<>(
          "HANDOFF_CLIENT_PATH",
          none(),
          Optional.of("/_handoff/"),
          "a path starting and ending with '/'",
          Settings::clientPath,
          Function.identity());

  /** Parsed further by the sidecar, which alone holds the keys. */
  public static final Setting<String> SNAPSHOT_KEYS =
      text("HANDOFF_SNAPSHOT_KEYS", "kid=<base64 16/24/32-byte key>[,kid=…]");

  public static final Setting<String> BIND_COOKIE =
      new Setting<>(
          "HANDOFF_BIND_COOKIE",
          annotation("bind-cookie"),
          Optional.empty(),
          "the name of the app's session cookie: 1-128 letters, digits or !#$%&'*+.^_`|~-"
              + " (no spaces, '=', ';' or quotes), e.g. \"_shop_session\"",
          Settings::cookieName,
          Function.identity());
  public static final Setting<Integer> REDIS_WAIT_REPLICAS =
      intNumber("HANDOFF_REDIS_WAIT_REPLICAS", none(), "0", 0, 16);
  public static final Setting<Duration> REDIS_WAIT_TIMEOUT =
      duration("HANDOFF_REDIS_WAIT_TIMEOUT", none(), "1s", false);

  /** Checked by the sidecar, on whose file system it must be readable. */
  public static final Setting<String> REDIS_CA_FILE =
      text("HANDOFF_REDIS_CA_FILE", "a readable PEM file");

  public static final Setting<Boolean> STEERING =
      new Setting<>(
          "HANDOFF_STEERING",
          none(),
          Optional.of("on"),
          OnOff.ACCEPTED_FORM,
          Settings::onOff,
          OnOff::format);

  /**
   * No default here: the sidecar takes the CPUs its JVM sees, like nginx's "worker_processes auto".
   */
  public static final Setting<Integer> EVENT_LOOPS =
      intNumber("HANDOFF_EVENT_LOOPS", none(), null, 1, 64);

  /**
   * The sidecar's log lines: logfmt (quoted where needed) or one JSON object per line; see {@link
   * LogFormat}.
   */
  public static final Setting<LogFormat> LOG_FORMAT =
      new Setting<>(
          "HANDOFF_LOG_FORMAT",
          annotation("log-format"),
          Optional.of("text"),
          LogFormat.ACCEPTED_FORM,
          Settings::logFormat,
          LogFormat::spelling);

  public static final List<Setting<?>> ALL =
      List.of(
          APP,
          VERSION,
          VERSION_WINDOW,
          LISTEN_PORT,
          ADMIN_PORT,
          UPSTREAM,
          REDIS_URL,
          SNAPSHOT_TTL,
          DRAIN_TIMEOUT,
          MAX_STATE_BYTES,
          RECONNECT_SPREAD,
          ADMIN_TOKEN,
          STATE_HEADER_BUDGET,
          CLIENT_PATH,
          SNAPSHOT_KEYS,
          BIND_COOKIE,
          REDIS_WAIT_REPLICAS,
          REDIS_WAIT_TIMEOUT,
          REDIS_CA_FILE,
          STEERING,
          EVENT_LOOPS,
          LOG_FORMAT);

  private Settings() {}

  /** The settings a pod annotation sets. */
  public static List<Setting<?>> annotated() {
    return ALL.stream().filter(setting -> setting.annotation().isPresent()).toList();
  }

  private static Optional<String> annotation(String name) {
    return Optional.of(ANNOTATION + name);
  }

  private static Optional<String> none() {
    return Optional.empty();
  }

  private static Setting<String> text(String variable, String accepted) {
    return new Setting<>(
        variable, none(), Optional.empty(), accepted, Function.identity(), Function.identity());
  }

  private static Setting<Long> longNumber(
      String variable,
      Optional<String> annotation,
      String defaultText,
      long min,
      long max,
      String accepted) {
    return new Setting<>(
        variable,
        annotation,
        Optional.ofNullable(defaultText),
        accepted,
        text -> wholeNumber(text, min, max),
        value -> Long.toString(value));
  }

  private static Setting<Integer> intNumber(
      String variable, Optional<String> annotation, String defaultText, int min, int max) {
    return new Setting<>(
        variable,
        annotation,
        Optional.ofNullable(defaultText),
        "a whole number from "
            + min
            + " to "
            + max
            + (defaultText == null ? "" : ", e.g. \"" + defaultText + "\""),
        text -> (int) wholeNumber(text, min, max),
        value -> Integer.toString(value));
  }

  private static Setting<Duration> duration(
      String variable, Optional<String> annotation, String defaultText, boolean allowZero) {
    return new Setting<>(
        variable,
        annotation,
        Optional.of(defaultText),
        (allowZero ? "a duration " : "a positive duration ") + DurationFormat.ACCEPTED_FORM,
        text -> duration(text, allowZero),
        DurationFormat::format);
  }

  private static long wholeNumber(String text, long min, long max) {
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new InvalidValueException("'" + text + "' is not a whole number");
    }
    if (value < min || value > max) {
      throw new InvalidValueException(value + " is out of range (" + min + " to " + max + ")");
    }
    return value;
  }

  private static Duration duration(String text, boolean allowZero) {
    Duration duration =
        DurationFormat.parse(text)
            .orElseThrow(
                () ->
                    new InvalidValueException(
                        "'" + text + "' is not a duration (use e.g. 500ms, 20s, 10m, 1h)"));
    if (!allowZero && duration.isZero()) {
      throw new InvalidValueException("must be longer than zero");
    }
    return duration;
  }

  private static String appName(String text) {
    if (!AppName.isValid(text)) {
      throw new InvalidValueException(
          "'"
              + text
              + "' is not a valid app name (lower-case letters, digits, '.', '_' or '-', at most 63 characters)");
    }
    return text;
  }

  private static String cookieName(String text) {
    if (!COOKIE_NAME.matcher(text).matches()) {
      throw new InvalidValueException("'" + text + "' is not a cookie name");
    }
    return text;
  }

  private static Boolean onOff(String text) {
    return OnOff.parse(text)
        .orElseThrow(() -> new InvalidValueException("'" + text + "' is neither on nor off"));
  }

  private static LogFormat logFormat(String text) {
    return LogFormat.parse(text)
        .orElseThrow(() -> new InvalidValueException("'" + text + "' is neither text nor json"));
  }

  private static URI upstream(String text) {
    try {
      URI uri = new URI(text);
      if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new InvalidValueException(
            "'" + text + "' must be an http:// URL with a host, e.g. http://127.0.0.1:8080");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new InvalidValueException("'" + text + "' is not a URL");
    }
  }

  private static String redisUrl(String text) {
    if (RedisScheme.of(text).isEmpty()) {
      // Never echo the URL: it may carry a password.
      throw new InvalidValueException("must start with " + RedisScheme.ACCEPTED_FORM);
    }
    if (RedisScheme.of(text).get().cluster()) {
      // The seeds a cluster client starts from; refuses what no client could read.
      RedisClusterUrl.seeds(text);
    }
    return text;
  }

  private static String clientPath(String text) {
    if (!text.startsWith("/") || !text.endsWith("/")) {
      throw new InvalidValueException("'" + text + "' must start and end with '/'");
    }
    return text;
  }
}
