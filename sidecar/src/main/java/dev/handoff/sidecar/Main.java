package dev.handoff.sidecar;

import dev.handoff.contract.Setting;
import dev.handoff.contract.Settings;
import dev.handoff.sidecar.admin.DrainCommand;
import dev.handoff.sidecar.config.ConfigException;
import dev.handoff.sidecar.config.ConfigLoader;
import dev.handoff.sidecar.config.SidecarConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import sun.misc.Signal;

/**
 * {@code java -jar handoff-sidecar.jar [--flag value…]} runs the sidecar; {@code … drain} runs the
 * preStop drain; {@code --help} and {@code --version} print and exit 0. SIGTERM (and SIGINT) drain
 * and then exit 0, as Kubernetes expects of a graceful shutdown.
 */
public final class Main {
  static final String NAME = "handoff-sidecar";

  /** What picocli hands over for a bare {@code --version}: no app version could be spelled so. */
  private static final String PRINT_VERSION = "\0version";

  private Main() {}

  public static void main(String[] args) throws Exception {
    ProcessDefaults.apply();
    if (args.length > 0 && args[0].equals("drain")) {
      System.exit(DrainCommand.run(System.getenv()));
    }
    List<String> flags = new ArrayList<>();
    OptionalInt exit =
        commandLine(
            args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), flags);
    if (exit.isPresent()) {
      System.exit(exit.getAsInt());
      return;
    }
    SidecarConfig config;
    try {
      config = ConfigLoader.load(System.getenv(), flags);
    } catch (ConfigException e) {
      System.err.println(NAME + ": configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    ProcessDefaults.logFormat(config.logFormat());
    // Netty's epoll transport where it loads (Linux), NIO elsewhere.
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    Sidecar sidecar;
    try {
      sidecar =
          Sidecar.start(vertx, config)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      System.err.println(NAME + ": could not start: " + cause.getMessage());
      vertx.close();
      System.exit(1);
      return;
    }
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop =
        () -> {
          if (!stopping.compareAndSet(false, true)) return;
          // Signal handlers must return quickly; the drain runs on its own thread and ends the
          // process.
          Thread t =
              new Thread(
                  () -> {
                    try {
                      sidecar
                          .drain()
                          .toCompletionStage()
                          .toCompletableFuture()
                          .get(config.drainTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
                    } catch (Exception ignored) {
                      // The drain has its own deadline; whatever is left, the process ends now.
                    }
                    // Every socket is closed by now; a graceful close of the servers would only
                    // delay the exit.
                    System.exit(0);
                  },
                  "handoff-shutdown");
          t.start();
        };
    Signal.handle(new Signal("TERM"), s -> stop.run());
    Signal.handle(new Signal("INT"), s -> stop.run());
  }

  /**
   * Reads the command line: with {@code --help} or {@code --version} prints to {@code out} and
   * returns 0; with an unknown flag, a flag without its value or a stray argument prints one line
   * to {@code err} and returns 2; otherwise returns empty and leaves the flags, as {@code --flag
   * value} pairs, in {@code flags} for {@link ConfigLoader}, which checks the values (so a bad
   * value is named the same way from a flag or a variable).
   */
  static OptionalInt commandLine(
      String[] args, PrintWriter out, PrintWriter err, List<String> flags) {
    // A pod runs the sidecar without arguments (its settings come from the environment): picocli,
    // some 140 classes and the java.time and java.text converters they load, would take ~1.5 MiB of
    // idle RSS to parse nothing (docs/bench/2026-12-02/footprint-rss-notes.md).
    if (args.length == 0) return OptionalInt.empty();
    CommandLine cli = new CommandLine(spec()).setOverwrittenOptionsAllowed(true);
    cli.setOut(out);
    cli.setErr(err);
    ParseResult parsed;
    try {
      parsed = cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      err.println(NAME + ": " + e.getMessage() + " (see " + NAME + " --help)");
      err.flush();
      return OptionalInt.of(2);
    }
    if (cli.isUsageHelpRequested()) {
      cli.usage(out);
      out.flush();
      return OptionalInt.of(0);
    }
    OptionSpec appVersion = parsed.matchedOption(Settings.VERSION.flag());
    if (cli.isVersionHelpRequested()
        || appVersion != null && PRINT_VERSION.equals(appVersion.getValue())) {
      cli.printVersionHelp(out);
      out.flush();
      return OptionalInt.of(0);
    }
    for (OptionSpec option : parsed.matchedOptions()) {
      if (option.usageHelp() || option.versionHelp()) continue;
      flags.add(option.longestName());
      flags.add(option.getValue());
    }
    return OptionalInt.empty();
  }

  /**
   * The command line, one option per setting of the contract's table: no flag is declared twice.
   */
  static CommandSpec spec() {
    CommandSpec spec = CommandSpec.create().name(NAME).version(NAME + " " + version());
    spec.usageMessage()
        .description(
            "Keeps live view state across rolling deploys: a proxy in front of the app's WebSocket port.",
            "Every flag is also the environment variable in brackets; a flag wins over its variable.")
        .footer(
            "",
            "  "
                + NAME
                + " drain   the preStop hook: drains the sidecar on HANDOFF_ADMIN_PORT, then exits",
            "",
            "Exit: 0 drained and stopped, or --help, --version; 1 could not start; 2 a bad flag or setting.")
        .sortOptions(false)
        .abbreviateSynopsis(true)
        .width(100)
        .optionListHeading("%nOptions:%n");
    for (Setting<?> setting : Settings.ALL) {
      String label = "<" + setting.flag().substring(2) + ">";
      String defaults = setting.defaultText().map(d -> ", default " + d).orElse("");
      OptionSpec.Builder option =
          OptionSpec.builder(setting.flag())
              .type(String.class)
              .arity("1")
              .paramLabel(label)
              .description(escape(setting.accepted()) + " [" + setting.variable() + defaults + "]");
      if (setting == Settings.VERSION) {
        // --version is the app's version (HANDOFF_VERSION) when a value follows, as it always was;
        // alone, it
        // prints the sidecar's own version, as -V does.
        option
            .arity("0..1")
            .fallbackValue(PRINT_VERSION)
            .description(
                escape(setting.accepted())
                    + " ["
                    + setting.variable()
                    + "]; alone: print the sidecar's version and exit");
      }
      spec.addOption(option.build());
    }
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .description("print this and exit")
            .build());
    spec.addOption(
        OptionSpec.builder("-V")
            .versionHelp(true)
            .description("print the sidecar's version and exit")
            .build());
    return spec;
  }

  /** Descriptions are format strings to picocli: a cookie name may contain '%'. */
  private static String escape(String text) {
    return text.replace("%", "%%");
  }

  /** The jar's Implementation-Version; "development build" on a plain class path. */
  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null || v.isBlank() ? "(development build)" : v;
  }
}
