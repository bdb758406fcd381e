package dev.handoff.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --processes}: each pod a demo app process and a sidecar process stopped by a real SIGTERM,
 * a real redis-server and a real HAProxy (scripts/test.sh installs both).
 */
@Tag("integration")
class RollingDeployAsProcessesTest {

  @Test
  void podsStoppedBySigtermHandEveryClientOverThroughRedisAndHaproxy(@TempDir Path dir) {
    RunOfTheCommand run =
        RunOfTheCommand.run(
            dir,
            "--processes",
            "--pods",
            "2",
            "--clients",
            "100",
            "--deploys",
            "1",
            "--seed",
            "3",
            "--reconnect-spread",
            "500ms");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonObject json = run.json();
    assertThat(json.getString("setup")).contains("OS processes", "redis-server", "HAProxy");
    JsonObject deploy = run.deploys().get(0);
    assertThat(deploy.getLong("handedOff")).isGreaterThanOrEqualTo(100);
    assertThat(deploy.getLong("restored")).isEqualTo(deploy.getLong("handedOff"));
    assertThat(deploy.getLong("lostViews")).isZero();
    assertThat(deploy.getJsonArray("drains"))
        .hasSize(2)
        .allSatisfy(
            d -> assertThat(((JsonObject) d).getJsonObject("sidecar").getLong("aborted")).isZero());
    assertThat(json.getJsonObject("totals").getInteger("intactClients")).isEqualTo(100);
    ReportArithmetic.assertAddsUp(run);
    assertThat(dir.resolve("logs/pod-1-v1-sidecar.log")).content().contains("event=drain_finished");
  }
}
