package dev.handoff.loadtest.cli;

import dev.handoff.loadtest.bench.BenchCommand;
import java.util.Arrays;

/**
 * {@code java -jar handoff-loadtest.jar <command> [flags]}: {@code rolling-deploy} and {@code
 * bench}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length == 0
        || args[0].equals("--help")
        || args[0].equals("-h")
        || args[0].equals("help")) {
      System.out.println(usage());
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return switch (args[0]) {
      case "rolling-deploy" -> new RollingDeployCommand(System.out, System.err).run(rest);
      case "bench" -> BenchCommand.run(Arrays.asList(rest));
      default -> {
        System.err.println("handoff-loadtest: unknown command '" + args[0] + "'\n" + usage());
        yield 2;
      }
    };
  }

  static String usage() {
    return """
        usage: java -jar handoff-loadtest.jar <command> [flags]

        commands:
          rolling-deploy   pods behind a balancer, simulated clients, rolling deploys K→K+1; reports what
                           every client got back (see rolling-deploy --help)
          bench            speed and memory of the sidecar against a bare drain, redis-benchmark and nginx;
                           figures for docs/BENCHMARKS.md (see bench --help)
        """;
  }
}
