package dev.handoff.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default mode: pods in this JVM over a shared in-memory store, behind the in-JVM balancer. */
@Tag("integration")
class RollingDeployInOneJvmTest {

  @Test
  void everyClientGetsItsStateBackByteForByteAcrossTwoDeploys(@TempDir Path dir) {
    RunOfTheCommand run =
        RunOfTheCommand.run(
            dir,
            "--pods",
            "2",
            "--clients",
            "150",
            "--deploys",
            "2",
            "--seed",
            "7",
            "--reconnect-spread",
            "500ms");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonObject json = run.json();
    assertThat(json.getString("result")).isEqualTo("ok");
    assertThat(run.deploys())
        .hasSize(2)
        .allSatisfy(
            d -> {
              assertThat(d.getInteger("clients")).isEqualTo(150);
              assertThat(d.getLong("handedOff")).isGreaterThanOrEqualTo(150);
              assertThat(d.getLong("restored")).isEqualTo(d.getLong("handedOff"));
              assertThat(d.getLong("tokens")).isEqualTo(d.getLong("handedOff"));
              assertThat(d.getLong("lostViews")).isZero();
              assertThat(d.getLong("refreshed")).isZero();
              assertThat(d.getJsonArray("drains")).hasSize(2);
            });
    assertThat(json.getJsonObject("totals").getInteger("intactClients")).isEqualTo(150);
    ReportArithmetic.assertAddsUp(run);
    assertThat(run.out())
        .contains("Deploy 1  v1 → v2", "Deploy 2  v2 → v3", "RESULT: OK", "report.json");
    assertThat(run.html()).contains("<svg", "Deploy 2: v2 → v3").doesNotContain("<script");
  }

  @Test
  void aClientWhosePageIsTwoVersionsBehindIsRefreshedNotLost(@TempDir Path dir) {
    RunOfTheCommand run =
        RunOfTheCommand.run(
            dir,
            "--pods",
            "2",
            "--clients",
            "40",
            "--stale-clients",
            "5",
            "--deploys",
            "1",
            "--seed",
            "11",
            "--reconnect-spread",
            "300ms");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonObject deploy = run.deploys().get(0);
    assertThat(deploy.getLong("refreshed")).isGreaterThanOrEqualTo(5);
    assertThat(deploy.getLong("lostViews")).isZero();
    JsonObject totals = run.json().getJsonObject("totals");
    assertThat(totals.getInteger("refreshedClients")).isEqualTo(5);
    assertThat(totals.getInteger("intactClients")).isEqualTo(35);
    assertThat(totals.getInteger("lostClients")).isZero();
    JsonObject newPods = deploy.getJsonObject("sidecarCounters").getJsonObject("v2");
    assertThat(newPods.getLong("refresh"))
        .as("the new pods said refresh, by design")
        .isEqualTo(deploy.getLong("refreshed"));
    ReportArithmetic.assertAddsUp(run);
  }

  @Test
  void aBadFlagIsOneLineAndExitCodeTwo(@TempDir Path dir) {
    RunOfTheCommand run = RunOfTheCommand.run(dir, "--pods", "zero");

    assertThat(run.exitCode()).isEqualTo(RollingDeployCommand.BAD_FLAGS);
    assertThat(run.err().strip())
        .isEqualTo("handoff-loadtest: --pods wants a whole number, got zero");
  }
}
