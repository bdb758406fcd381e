package dev.handoff.browser;

import dev.handoff.testkit.FixtureExtension;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both named explicitly so
 * Selenium never downloads anything. Records every WebSocket frame the browser sends or receives
 * (from Chrome's performance log) so tests can look at what went over the wire.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  private final Path profile;
  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final List<String> frames = new ArrayList<>();

  private HeadlessChromium(Path profile, ChromeDriverService service, ChromeDriver driver) {
    this.profile = profile;
    this.service = service;
    this.driver = driver;
  }

  /**
   * One browser for a test class: {@code @RegisterExtension static final
   * FixtureExtension<HeadlessChromium>}.
   */
  static FixtureExtension<HeadlessChromium> extension() {
    return FixtureExtension.of("headless Chromium", HeadlessChromium::start);
  }

  static HeadlessChromium start() {
    for (String binary : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!new File(binary).canExecute()) {
        throw new IllegalStateException(
            binary
                + " is missing: run scripts/test.sh (it installs Debian's chromium "
                + "and chromium-driver)");
      }
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("handoff-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .withLogFile(profile.resolve("chromedriver.log").toFile())
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--disable-dev-shm-usage",
        "--window-size=1024,900",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    options.setExperimentalOption(
        "perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return new HeadlessChromium(profile, service, driver);
  }

  ChromeDriver driver() {
    return driver;
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** A script that ends by calling its last argument; returns what it passed. */
  Object asyncScript(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
  }

  /** Every WebSocket frame payload the browser sent or received so far, in order. */
  List<String> webSocketFrames() {
    for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
      String message = entry.getMessage();
      if (message.contains("Network.webSocketFrameSent")
          || message.contains("Network.webSocketFrameReceived")) {
        frames.add(message);
      }
    }
    return List.copyOf(frames);
  }

  /** The browser console so far, for failure messages. */
  /**
   * What a failed wait shows: a screenshot (its path), the page's console, {@code more}, the page
   * source.
   */
  String diagnostics(String screenshotName, String more) {
    return ", screenshot "
        + screenshot(screenshotName)
        + "\nconsole:\n"
        + console()
        + more
        + "\npage:\n"
        + driver.getPageSource();
  }

  String console() {
    StringBuilder out = new StringBuilder();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER))
      out.append(entry).append('\n');
    return out.toString();
  }

  /**
   * A screenshot under target/screenshots, to look at when a test fails or a page needs a human
   * eye.
   */
  Path screenshot(String name) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "screenshots"));
      Path file = dir.resolve(name + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temp profile is harmless
      }
    }
  }
}
