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
    RollingDeployOptions.Builder o = new RollingDeployOptions.Builder();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String inline = null;
      int eq = flag.indexOf('=');
      if (flag.startsWith("--") && eq > 0) {
        inline = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      }
      switch (flag) {
        case "--processes" -> o.processes = true;
        case "--no-progress" -> o.progress = false;
        case "--help", "-h" -> throw new HelpRequested();
        default -> {
          String value = inline != null ? inline : (i + 1 < args.length ? args[++i] : null);
          if (value == null) throw new BadFlagException(flag + " needs a value");
          set(o, flag, value);
        }
      }
    }
    RollingDeployOptions options = o.build();
    if (options.target().isPresent() && options.processes()) {
      throw new BadFlagException("--target and --processes exclude each other");
    }
    if (options.redisUrl().isPresent() && !options.processes()) {
      throw new BadFlagException("--redis-url needs --processes (in one JVM the pods share an in-memory store)");
    }
    if (options.staleClients() > options.clients()) throw new BadFlagException("--stale-clients cannot exceed --clients");
    return options;
  }

  private static void set(RollingDeployOptions.Builder o, String flag, String v) {
    switch (flag) {
      case "--pods" -> o.pods = positive(flag, v);
      case "--clients" -> o.clients = positive(flag, v);
      case "--deploys" -> {
        o.deploys = positive(flag, v);
        o.deploysGiven = true;
      }
      case "--stale-clients" -> o.staleClients = atLeastZero(flag, v);
      case "--redis-url" -> o.redisUrl = Optional.of(v);
      case "--target" -> o.target = Optional.of(target(v));
      case "--report-dir" -> o.reportDir = Path.of(v);
      case "--state-bytes" -> stateBytes(o, v);
      case "--drain-timeout" -> o.drainTimeout = duration(flag, v);
      case "--reconnect-spread" -> o.reconnectSpread = duration(flag, v);
      case "--settle-timeout" -> o.settleTimeout = duration(flag, v);
      case "--watch-for" -> o.watchFor = duration(flag, v);
      case "--app" -> o.app = v;
      case "--path" -> o.path = v.startsWith("/") ? v : "/" + v;
      case "--seed" -> o.seed = number(flag, v);
      default -> throw new BadFlagException("unknown flag " + flag + " (see rolling-deploy --help)");
    }
  }

  private static void stateBytes(RollingDeployOptions.Builder o, String v) {
    String[] parts = v.split("-", 2);
    int min = positive("--state-bytes", parts[0]);
    int max = parts.length == 2 ? positive("--state-bytes", parts[1]) : min;
    if (min < 128 || max < min || max > 60_000) {
      throw new BadFlagException("--state-bytes wants MIN-MAX with 128 <= MIN <= MAX <= 60000, got " + v);
    }
    o.stateMin = min;
    o.stateMax = max;
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

  /** {@code --help}: print the flags and exit 0. */
  static final class HelpRequested extends RuntimeException {
    HelpRequested() {
      super(null, null, false, false);
    }
  }
}
