package dev.handoff.loadtest.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * picocli's refusals as the one line the load test has always printed: the flag, then what is wrong
 * with it.
 */
public final class CliMessages {
  private CliMessages() {}

  /**
   * @param help where to look, e.g. {@code rolling-deploy --help}
   */
  public static String oneLine(CommandLine.ParameterException e, String help) {
    String flag = e.getArgSpec() instanceof OptionSpec o ? o.longestName() : null;
    if (e.getCause() instanceof CommandLine.TypeConversionException t && flag != null) {
      return flag + " " + t.getMessage();
    }
    if (e instanceof CommandLine.MissingParameterException m
        && !m.getMissing().isEmpty()
        && m.getMissing().get(0) instanceof OptionSpec o) {
      return o.longestName() + " needs a value";
    }
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String arg = u.getUnmatched().get(0);
      return (arg.startsWith("-") ? "unknown flag " : "unexpected argument ")
          + arg
          + " (see "
          + help
          + ")";
    }
    return e.getMessage() + " (see " + help + ")";
  }
}
