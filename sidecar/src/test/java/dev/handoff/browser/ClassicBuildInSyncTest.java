package dev.handoff.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** handoff.classic.js is generated from handoff.js by client/build.mjs; a stale copy would ship old code. */
class ClassicBuildInSyncTest {
  private static final Path CLIENT = Path.of("..", "client");
  private static final String MARKER =
      "// ---- exports: build.mjs replaces everything from this line on for handoff.classic.js ----";

  @Test
  void classicBuildCarriesTheModuleBodyVerbatim() throws Exception {
    String module = Files.readString(CLIENT.resolve("handoff.js"));
    String classic = Files.readString(CLIENT.resolve("handoff.classic.js"));
    int marker = module.indexOf(MARKER);
    assertThat(marker).as("the exports marker line in handoff.js").isPositive();
    String body = module.substring(0, marker);

    assertThat(classic).startsWith("// GENERATED from handoff.js by build.mjs")
        .contains(body).endsWith("if (!globalThis.Handoff) globalThis.Handoff = Handoff;\n})();\n");
    // Nothing but the generated wrapper around the body: no stale or hand-made additions.
    String wrapper = classic.replace(body, "");
    assertThat(wrapper.lines().count()).isLessThanOrEqualTo(6);
  }

  @Test
  void buildScriptFindsNothingToRegenerate() throws Exception {
    File node = findOnPath("node");
    if (node == null) return; // the structural check above still runs without node
    Process check = new ProcessBuilder(node.getPath(), "build.mjs", "--check").directory(CLIENT.toFile())
        .redirectErrorStream(true).start();
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(new String(check.getInputStream().readAllBytes())).isZero();
  }

  private static File findOnPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File candidate = new File(dir, name);
      if (candidate.canExecute()) return candidate;
    }
    return null;
  }
}
