package dev.handoff.loadtest.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a run finds the binaries it starts (the system's bin directories, then the PATH) and how it
 * gets the missing ones (Debian's packages). When a binary is neither there nor installable, {@link
 * #ensure} throws a {@link MissingServerException} whose message is the one line a user needs.
 */
public final class Tools {
  private static final List<Path> SYSTEM_DIRS =
      List.of(
          Path.of("/usr/sbin"),
          Path.of("/usr/bin"),
          Path.of("/usr/local/sbin"),
          Path.of("/usr/local/bin"));

  private final List<Path> dirs;
  private final PackageInstaller installer;

  public Tools(List<Path> dirs, PackageInstaller installer) {
    this.dirs = List.copyOf(dirs);
    this.installer = installer;
  }

  /** This machine: system directories and the PATH, apt-get for what is missing. */
  public static Tools onThisMachine() {
    List<Path> dirs = new ArrayList<>(SYSTEM_DIRS);
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) if (!d.isEmpty()) dirs.add(Path.of(d));
    }
    return new Tools(dirs, new AptGet());
  }

  /** The binary's path, installing its package first when it is missing. */
  public String ensure(DebianPackage p) {
    Optional<String> found = find(p.binary());
    if (found.isPresent()) return found.get();
    Optional<String> failure = installer.install(p.pkg());
    if (failure.isPresent()) {
      throw new MissingServerException(
          p.binary()
              + " is not installed and could not be installed ("
              + failure.get()
              + "): install Debian's "
              + p.pkg()
              + " (apt-get install "
              + p.pkg()
              + ") and run again");
    }
    return find(p.binary())
        .orElseThrow(
            () ->
                new MissingServerException(
                    p.pkg() + " was installed but " + p.binary() + " is not in " + dirs));
  }

  private Optional<String> find(String binary) {
    for (Path dir : dirs) {
      Path f = dir.resolve(binary);
      if (Files.isRegularFile(f) && Files.isExecutable(f)) return Optional.of(f.toString());
    }
    return Optional.empty();
  }
}
