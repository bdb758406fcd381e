package dev.handoff.testkit;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Sidecars as real OS processes ({@link SidecarProcess}), each stopped after the test that started
 * it: {@code @RegisterExtension final SidecarProcessExtension sidecars = new
 * SidecarProcessExtension();} and {@code sidecars.builder("demo", 7).upstream(…).start()}, with no
 * {@code @AfterEach} of the test's own.
 */
public final class SidecarProcessExtension implements AfterEachCallback, AfterAllCallback {
  private final List<SidecarProcess> started = new ArrayList<>();

  /** A builder whose process this extension stops after the test. */
  public SidecarProcess.Builder builder(String app, long version) {
    return SidecarProcess.builder(app, version).onLaunch(this::track);
  }

  private synchronized void track(SidecarProcess p) {
    started.add(p);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    stopAll();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopAll();
  }

  private synchronized void stopAll() {
    for (int i = started.size() - 1; i >= 0; i--) started.get(i).close();
    started.clear();
  }
}
