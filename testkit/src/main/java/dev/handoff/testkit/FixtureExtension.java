package dev.handoff.testkit;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One fixture for a test class ({@code @RegisterExtension static final}) or for each test (an
 * instance field): started before, stopped after, reached through {@link #get()}. The typed
 * extensions of this package ({@link RedisExtension}, {@link VertxExtension}, {@link
 * LoadBalancerExtension}…) are made of it.
 */
public class FixtureExtension<T>
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final String what;
  private final Supplier<T> start;
  private final Consumer<T> stop;
  private T fixture;
  private boolean perTest;

  protected FixtureExtension(String what, Supplier<T> start, Consumer<T> stop) {
    this.what = what;
    this.start = start;
    this.stop = stop;
  }

  /** A fixture that closes itself. */
  public static <T extends AutoCloseable> FixtureExtension<T> of(String what, Supplier<T> start) {
    return new FixtureExtension<>(what, start, FixtureExtension::closeQuietly);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    fixture = start.get();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopFixture();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (fixture == null) {
      perTest = true;
      fixture = start.get();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) stopFixture();
  }

  private void stopFixture() {
    if (fixture != null) {
      T f = fixture;
      fixture = null;
      stop.accept(f);
    }
  }

  /** The running fixture; only between the extension's start and stop. */
  public T get() {
    if (fixture == null)
      throw new IllegalStateException(
          what + " is not running (registered with @RegisterExtension?)");
    return fixture;
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
