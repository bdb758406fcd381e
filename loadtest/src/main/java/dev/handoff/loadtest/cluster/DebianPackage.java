package dev.handoff.loadtest.cluster;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server binary from Debian's packages (haproxy, redis-server), installed with apt-get when missing so a
 * fresh machine can run {@code --processes}; when that is impossible, one line says what to do.
 */
record DebianPackage(String pkg, String binary) {
  static final DebianPackage HAPROXY = new DebianPackage("haproxy", "haproxy");
  static final DebianPackage REDIS = new DebianPackage("redis-server", "redis-server");

  /** The binary's path, installing the package first when it is missing. */
  String ensure() {
    String found = find();
    if (found != null) return found;
    install();
    found = find();
    if (found == null) throw new MissingServerException(pkg + " was installed but " + binary + " is not on the PATH");
    return found;
  }

  private String find() {
    List<String> dirs = new ArrayList<>(List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"));
    String path = System.getenv("PATH");
    if (path != null) dirs.addAll(List.of(path.split(File.pathSeparator)));
    for (String dir : dirs) {
      File f = new File(dir, binary);
      if (f.canExecute()) return f.getPath();
    }
    return null;
  }

  private void install() {
    if (!new File("/usr/bin/apt-get").canExecute()) {
      throw new MissingServerException(binary + " is not installed and there is no apt-get here: install "
          + pkg + " and run again");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    List<String> sudo = root ? List.of() : List.of("sudo", "-n");
    System.err.println("handoff-loadtest: " + binary + " is missing, installing Debian's " + pkg + " with apt-get");
    if (run(concat(sudo, List.of("apt-get", "update", "-qq"))) != 0
        || run(concat(sudo, List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends", pkg))) != 0) {
      throw new MissingServerException(binary + " is not installed and `apt-get install " + pkg
          + "` failed: install it (sudo apt-get install " + pkg + ") and run again");
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static int run(List<String> command) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
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
