package dev.handoff.loadtest.cluster;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's apt-get, as root or through {@code sudo -n} (never a password prompt in a benchmark
 * run).
 */
final class AptGet implements PackageInstaller {
  @Override
  public Optional<String> install(String pkg) {
    if (!new File("/usr/bin/apt-get").canExecute()) return Optional.of("there is no apt-get here");
    boolean root = "root".equals(System.getProperty("user.name"));
    List<String> sudo = root ? List.of() : List.of("sudo", "-n");
    System.err.println("handoff-loadtest: installing Debian's " + pkg + " with apt-get");
    if (run(concat(sudo, List.of("apt-get", "update", "-qq"))) != 0
        || run(
                concat(
                    sudo,
                    List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends", pkg)))
            != 0) {
      return Optional.of("`apt-get install " + pkg + "` failed");
    }
    return Optional.empty();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static int run(List<String> command) {
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process p = pb.start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
