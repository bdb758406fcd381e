package dev.handoff.loadtest.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Turns {@code rolling-deploy}'s flags into {@link RollingDeployOptions}; a bad flag is one clear message. */
final class FlagParser {
  static final String HELP = """
      usage: java -jar handoff-loadtest.jar rolling-deploy [flags]

        --pods N                 replicas (3)
        --clients N              simulated clients (1000)
        --deploys N              rolling deploys K→K+1 one after the other (2); with --target: how many
                                 rollouts to wait for (1)
        --processes              each pod as real OS processes (demo app + sidecar) stopped by SIGTERM, a real
                                 redis-server and a real HAProxy (installed with apt-get when missing)
        --redis-url URL          with --processes: use this Redis instead of starting one
        --target URL             only the clients, against an existing deployment (ws://, wss://, http://,
                                 https://; path defaults to /live); run `kubectl rollout restart` meanwhile
        --watch-for DURATION     with --target: give up waiting after this long (15m)
        --report-dir DIR         where report.json and report.html go (target/handoff-report)
        --state-bytes MIN-MAX    size of each client's state JSON (1024-4096); one number for a fixed size
        --stale-clients N        clients whose page is one version older than their pod: a deploy leaves them
                                 two versions behind, so they must be told to refresh (0)
        --drain-timeout DURATION the sidecars' drain timeout (20s)
        --reconnect-spread DURATION  clients reconnect after a random delay below this (2s)
        --settle-timeout DURATION    how long clients get to come back after a deploy (60s)
        --app NAME               the app name given to the sidecars (demo)
        --path PATH              the WebSocket path (/live)
        --seed N                 makes the clients' states reproducible
        --no-progress            no progress line on stderr
        --help                   this text

      exit code: 0 when no client lost its view, 1 when any did, 2 for a bad flag, 3 when the run could not start
      """;

  private FlagParser() {}

  static RollingDeployOptions parse(String[] args) {
    RollingDeployOptions o = RollingDeployOptions.defaults();
    boolean deploysGiven = false;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String inline = null;
      int eq = flag.indexOf('=');
      if (flag.startsWith("--") && eq > 0) {
        inline = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      }
      switch (flag) {
        case "--processes" -> o = with(o, "processes", true);
        case "--no-progress" -> o = with(o, "progress", false);
        case "--help", "-h" -> throw new HelpRequested();
        default -> {
          String value = inline != null ? inline : (i + 1 < args.length ? args[++i] : null);
          if (value == null) throw new BadFlagException(flag + " needs a value");
          o = set(o, flag, value);
          if (flag.equals("--deploys")) deploysGiven = true;
        }
      }
    }
    if (o.target().isPresent() && !deploysGiven) o = with(o, "deploys", 1);
    if (o.target().isPresent() && o.processes()) throw new BadFlagException("--target and --processes exclude each other");
    if (o.redisUrl().isPresent() && !o.processes()) {
      throw new BadFlagException("--redis-url needs --processes (in one JVM the pods share an in-memory store)");
    }
    if (o.staleClients() > o.clients()) throw new BadFlagException("--stale-clients cannot exceed --clients");
    return o;
  }

  private static RollingDeployOptions set(RollingDeployOptions o, String flag, String v) {
    return switch (flag) {
      case "--pods" -> with(o, "pods", positive(flag, v));
      case "--clients" -> with(o, "clients", positive(flag, v));
      case "--deploys" -> with(o, "deploys", positive(flag, v));
      case "--stale-clients" -> with(o, "staleClients", atLeastZero(flag, v));
      case "--redis-url" -> with(o, "redisUrl", Optional.of(v));
      case "--target" -> with(o, "target", Optional.of(target(v)));
      case "--report-dir" -> with(o, "reportDir", Path.of(v));
      case "--state-bytes" -> stateBytes(o, v);
      case "--drain-timeout" -> with(o, "drainTimeout", duration(flag, v));
      case "--reconnect-spread" -> with(o, "reconnectSpread", duration(flag, v));
      case "--settle-timeout" -> with(o, "settleTimeout", duration(flag, v));
      case "--watch-for" -> with(o, "watchFor", duration(flag, v));
      case "--app" -> with(o, "app", v);
      case "--path" -> with(o, "path", v.startsWith("/") ? v : "/" + v);
      case "--seed" -> with(o, "seed", (long) number(flag, v));
      default -> throw new BadFlagException("unknown flag " + flag + " (see rolling-deploy --help)");
    };
  }

  private static RollingDeployOptions stateBytes(RollingDeployOptions o, String v) {
    String[] parts = v.split("-", 2);
    int min = positive("--state-bytes", parts[0]);
    int max = parts.length == 2 ? positive("--state-bytes", parts[1]) : min;
    if (min < 128 || max < min || max > 60_000) {
      throw new BadFlagException("--state-bytes wants MIN-MAX with 128 <= MIN <= MAX <= 60000, got " + v);
    }
    return with(with(o, "stateMin", min), "stateMax", max);
  }

  private static URI target(String v) {
    URI uri;
    try {
      uri = URI.create(v);
    } catch (IllegalArgumentException e) {
      throw new BadFlagException("--target is not a URL: " + v);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.matches("wss?|https?") || uri.getHost() == null) {
      throw new BadFlagException("--target wants ws://, wss://, http:// or https:// with a host, got " + v);
    }
    return uri;
  }

  static Duration duration(String flag, String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      if (s.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
      if (s.endsWith("m")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new BadFlagException(flag + " wants a duration like 500ms, 20s or 2m, got " + v);
  }

  private static int positive(String flag, String v) {
    int n = number(flag, v);
    if (n < 1) throw new BadFlagException(flag + " must be at least 1, got " + v);
    return n;
  }

  private static int atLeastZero(String flag, String v) {
    int n = number(flag, v);
    if (n < 0) throw new BadFlagException(flag + " must not be negative, got " + v);
    return n;
  }

  private static int number(String flag, String v) {
    try {
      return Integer.parseInt(v.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new BadFlagException(flag + " wants a whole number, got " + v);
    }
  }

  /** A copy of {@code o} with one component changed; records have no withers, this keeps the parser short. */
  private static RollingDeployOptions with(RollingDeployOptions o, String name, Object value) {
    var components = RollingDeployOptions.class.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        values[i] = components[i].getName().equals(name) ? value : components[i].getAccessor().invoke(o);
      }
      return RollingDeployOptions.class.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("no component " + name, e);
    }
  }

  /** {@code --help}: print the flags and exit 0. */
  static final class HelpRequested extends RuntimeException {
    HelpRequested() {
      super(null, null, false, false);
    }
  }
}
