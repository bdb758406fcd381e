package dev.handoff.loadtest.cluster;

import java.util.Optional;

/**
 * Installs one of Debian's packages; a seam so a test can stand for a machine that may not install
 * anything.
 */
@FunctionalInterface
public interface PackageInstaller {
  /**
   * Empty once {@code pkg} is installed; otherwise why it could not be, as a few words for one
   * line.
   */
  Optional<String> install(String pkg);
}
