package dev.handoff.loadtest.cli;

import dev.handoff.contract.DurationFormat;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Every flag of {@code rolling-deploy}, declared once: picocli parses them, prints {@code --help}
 * from these declarations and checks each value with the converters below; {@link #options()} adds
 * the checks across flags.
 */
@Command(
    name = "rolling-deploy",
    sortOptions = false,
    usageHelpWidth = 110,
    synopsisHeading = "",
    optionListHeading = "%n",
    customSynopsis = "usage: java -jar handoff-loadtest.jar rolling-deploy [flags]",
    footer = {
      "",
      "exit code: 0 when no client lost its view, 1 when any did, 2 for a bad flag, 3 when the run could "
          + "not start"
    })
final class RollingDeployFlags {
  @Option(
      names = "--pods",
      paramLabel = "N",
      defaultValue = "3",
      converter = Positive.class,
      description = "replicas (${DEFAULT-VALUE})")
  int pods;

  @Option(
      names = "--clients",
      paramLabel = "N",
      defaultValue = "1000",
      converter = Positive.class,
      description = "simulated clients (${DEFAULT-VALUE})")
  int clients;

  @Option(
      names = "--deploys",
      paramLabel = "N",
      converter = Positive.class,
      description =
          "rolling deploys K→K+1 one after the other (2); with --target: how many rollouts to wait for (1)")
  Integer deploys;

  @Option(
      names = "--processes",
      description =
          "each pod as real OS processes (demo app + sidecar) stopped by "
              + "SIGTERM, a real redis-server and a real HAProxy (installed with apt-get when missing)")
  boolean processes;

  @Option(
      names = "--redis-url",
      paramLabel = "URL",
      description = "with --processes: use this Redis instead of " + "starting one")
  String redisUrl;

  @Option(
      names = "--target",
      paramLabel = "URL",
      converter = Target.class,
      description =
          "only the clients, against "
              + "an existing deployment (ws://, wss://, http://, https://; path defaults to /live); run `kubectl rollout "
              + "restart` meanwhile")
  URI target;

  @Option(
      names = "--watch-for",
      paramLabel = "DURATION",
      defaultValue = "15m",
      converter = Positive.Duration.class,
      description = "with --target: give up waiting after this long (${DEFAULT-VALUE})")
  Duration watchFor;

  @Option(
      names = "--report-dir",
      paramLabel = "DIR",
      defaultValue = "target/handoff-report",
      description = "where report.json and report.html go (${DEFAULT-VALUE})")
  Path reportDir;

  @Option(
      names = "--state-bytes",
      paramLabel = "MIN-MAX",
      defaultValue = "1024-4096",
      converter = StateBytes.class,
      description =
          "size of each client's state JSON (${DEFAULT-VALUE}); one number for a fixed size")
  StateRange stateBytes;

  @Option(
      names = "--stale-clients",
      paramLabel = "N",
      defaultValue = "0",
      converter = AtLeastZero.class,
      description =
          "clients whose page is one version older than their pod: a deploy leaves them two versions "
              + "behind, so they must be told to refresh (${DEFAULT-VALUE})")
  int staleClients;

  @Option(
      names = "--drain-timeout",
      paramLabel = "DURATION",
      defaultValue = "20s",
      converter = Positive.Duration.class,
      description = "the sidecars' drain timeout (${DEFAULT-VALUE})")
  Duration drainTimeout;

  @Option(
      names = "--reconnect-spread",
      paramLabel = "DURATION",
      defaultValue = "2s",
      converter = Positive.Duration.class,
      description = "clients reconnect after a random delay below this " + "(${DEFAULT-VALUE})")
  Duration reconnectSpread;

  @Option(
      names = "--settle-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = Positive.Duration.class,
      description = "how long clients get to come back after a deploy " + "(${DEFAULT-VALUE})")
  Duration settleTimeout;

  @Option(
      names = "--app",
      paramLabel = "NAME",
      defaultValue = "demo",
      description = "the app name given to the sidecars (${DEFAULT-VALUE})")
  String app;

  @Option(
      names = "--path",
      paramLabel = "PATH",
      defaultValue = "/live",
      description = "the WebSocket path (${DEFAULT-VALUE})")
  String path;

  @Option(
      names = "--seed",
      paramLabel = "N",
      converter = WholeNumber.class,
      description = "makes the clients' states reproducible")
  Integer seed;

  @Option(names = "--no-progress", description = "no progress line on stderr")
  boolean noProgress;

  @Option(
      names = {"--help", "-h"},
      usageHelp = true,
      description = "this text")
  boolean help;

  /** The options, or {@link BadFlagException} for flags that exclude each other. */
  RollingDeployOptions options() {
    if (target != null && processes)
      throw new BadFlagException("--target and --processes exclude each other");
    if (redisUrl != null && !processes) {
      throw new BadFlagException(
          "--redis-url needs --processes (in one JVM the pods share an in-memory store)");
    }
    if (staleClients > clients)
      throw new BadFlagException("--stale-clients cannot exceed --clients");
    // Against a target, "deploys" is how many rollouts to wait for: one unless told.
    int rollouts = deploys != null ? deploys : target != null ? 1 : 2;
    return new RollingDeployOptions(
        pods,
        clients,
        rollouts,
        processes,
        Optional.ofNullable(redisUrl),
        Optional.ofNullable(target),
        reportDir,
        stateBytes.min(),
        stateBytes.max(),
        staleClients,
        drainTimeout,
        reconnectSpread,
        settleTimeout,
        watchFor,
        app,
        path.startsWith("/") ? path : "/" + path,
        seed != null ? seed : System.nanoTime(),
        1,
        !noProgress);
  }

  /**
   * Parses {@code args}: null for {@code --help} (the caller prints {@link #usage()}).
   *
   * @throws BadFlagException one line for the user: an unknown flag, a missing or a bad value
   */
  static RollingDeployOptions parse(String[] args) {
    RollingDeployFlags flags = new RollingDeployFlags();
    CommandLine cli = new CommandLine(flags).setOverwrittenOptionsAllowed(true);
    try {
      cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new BadFlagException(CliMessages.oneLine(e, "rolling-deploy --help"));
    }
    if (cli.isUsageHelpRequested()) return null;
    return flags.options();
  }

  static String usage() {
    return new CommandLine(new RollingDeployFlags()).getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  static final class Positive implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String v) {
      int n = WholeNumber.of(v);
      if (n < 1) throw new TypeConversionException("must be at least 1, got " + v);
      return n;
    }

    /** A duration as the contract spells it ({@link DurationFormat}), longer than zero. */
    static final class Duration implements ITypeConverter<java.time.Duration> {
      @Override
      public java.time.Duration convert(String v) {
        java.time.Duration d =
            DurationFormat.parse(v)
                .orElseThrow(
                    () ->
                        new TypeConversionException(
                            "wants a duration " + DurationFormat.ACCEPTED_FORM + ", got " + v));
        if (d.isZero()) throw new TypeConversionException("must be longer than zero, got " + v);
        return d;
      }
    }
  }

  static final class AtLeastZero implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String v) {
      int n = WholeNumber.of(v);
      if (n < 0) throw new TypeConversionException("must not be negative, got " + v);
      return n;
    }
  }

  static final class WholeNumber implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String v) {
      return of(v);
    }

    static int of(String v) {
      try {
        return Integer.parseInt(v.replace("_", "").replace(",", ""));
      } catch (NumberFormatException e) {
        throw new TypeConversionException("wants a whole number, got " + v);
      }
    }
  }

  /** {@code --state-bytes}: the smallest and largest state, in bytes. */
  record StateRange(int min, int max) {}

  static final class StateBytes implements ITypeConverter<StateRange> {
    @Override
    public StateRange convert(String v) {
      String[] parts = v.split("-", 2);
      int min = new Positive().convert(parts[0]);
      int max = parts.length == 2 ? new Positive().convert(parts[1]) : min;
      if (min < 128 || max < min || max > 60_000) {
        throw new TypeConversionException(
            "wants MIN-MAX with 128 <= MIN <= MAX <= 60000, got " + v);
      }
      return new StateRange(min, max);
    }
  }

  static final class Target implements ITypeConverter<URI> {
    @Override
    public URI convert(String v) {
      URI uri;
      try {
        uri = URI.create(v);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("is not a URL: " + v);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.matches("wss?|https?") || uri.getHost() == null) {
        throw new TypeConversionException(
            "wants ws://, wss://, http:// or https:// with a host, got " + v);
      }
      return uri;
    }
  }
}
