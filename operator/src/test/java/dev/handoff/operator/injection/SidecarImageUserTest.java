package dev.handoff.operator.injection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The injected securityContext names the sidecar image's user by number (runAsNonRoot cannot check
 * a user name), so it must be the image's own USER: a different uid would not own what the image
 * prepared for it.
 */
class SidecarImageUserTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @Test
  void sidecarRunsAsTheUserItsImageDeclares() throws IOException {
    String dockerfile = Files.readString(REPO.resolve("sidecar/Dockerfile"));
    Matcher user = Pattern.compile("(?m)^USER (\\S+)\\s*$").matcher(dockerfile);
    String last = null;
    while (user.find()) {
      last = user.group(1);
    }

    assertThat(last)
        .as("the last USER of sidecar/Dockerfile")
        .isEqualTo(Long.toString(SidecarContainer.RUN_AS_USER));
  }
}
