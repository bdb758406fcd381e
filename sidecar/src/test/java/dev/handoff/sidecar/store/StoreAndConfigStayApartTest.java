package dev.handoff.sidecar.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The store and the configuration do not know each other: the configuration holds settings and key
 * material, the sidecar's wiring hands the store what it needs. (They once imported each other: the
 * key ring lived in the store and threw the configuration's exception, and the configuration held
 * the key ring.)
 */
class StoreAndConfigStayApartTest {
  private static final Path MAIN = Path.of("src/main/java/dev/handoff/sidecar");

  private static List<String> mentions(String fromPackage, String ofPackage) throws IOException {
    try (Stream<Path> files = Files.list(MAIN.resolve(fromPackage))) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .filter(
              f -> {
                try {
                  return Files.readString(f).contains("dev.handoff.sidecar." + ofPackage + ".");
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .map(f -> f.getFileName().toString())
          .toList();
    }
  }

  @Test
  void neitherPackageNamesTheOther() throws IOException {
    assertThat(Files.isDirectory(MAIN.resolve("store"))).as("run from the sidecar module").isTrue();
    assertThat(mentions("store", "config")).isEmpty();
    assertThat(mentions("config", "store")).isEmpty();
    assertThat(mentions("store", "handoff")).as("nor does the store know the hand-off").isEmpty();
  }
}
