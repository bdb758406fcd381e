package dev.handoff.browser;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The demo page as a user sees it: what they type, click and read, plus a few probes into how the
 * page lived.
 */
final class DemoPageDriver {
  // Generous: the machine may be busy; nothing here measures time, it only waits for things to
  // happen.
  static final Duration PATIENCE = Duration.ofSeconds(45);

  private final HeadlessChromium browser;

  DemoPageDriver(HeadlessChromium browser) {
    this.browser = browser;
  }

  DemoPageDriver open(String url) {
    browser.driver().get(url);
    return this;
  }

  /** Waits until the page has joined and rendered the live view of an app at {@code version}. */
  DemoPageDriver awaitLive(long version) {
    try {
      await("page live on app version " + version)
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(
              () ->
                  "live".equals(text("status"))
                      && String.valueOf(version).equals(text("live-version")));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "page not live on app version "
              + version
              + browser.diagnostics(
                  "not-live-v" + version,
                  "\nwindow.demo: " + browser.script("return JSON.stringify(window.demo || null)")),
          e);
    }
    return this;
  }

  String text(String id) {
    return browser.driver().findElement(By.id(id)).getText();
  }

  WebElement field(String name) {
    return browser.driver().findElement(By.cssSelector("#profile [name='" + name + "']"));
  }

  /**
   * Replaces the field's text with keystrokes only (select all, type): the browser marks those
   * events as the user's, while WebElement.clear() fires synthetic ones that handoff.js rightly
   * does not count as typing.
   */
  void type(String name, String text) {
    field(name).sendKeys(Keys.chord(Keys.CONTROL, "a"), text);
  }

  void select(String name, String value) {
    new Select(field(name)).selectByValue(value);
  }

  void check(String name) {
    if (!field(name).isSelected()) field(name).click();
  }

  void choose(String name, String value) {
    browser
        .driver()
        .findElement(By.cssSelector("#profile [name='" + name + "'][value='" + value + "']"))
        .click();
  }

  void toggleDrawer() {
    browser.driver().findElement(By.id("drawer-toggle")).click();
  }

  void increment() {
    browser.driver().findElement(By.id("increment")).click();
  }

  boolean drawerOpen() {
    return "true".equals(browser.driver().findElement(By.id("drawer")).getAttribute("data-open"));
  }

  /** The values as the form's elements hold them now. */
  Map<String, Object> values() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("name", field("name").getDomProperty("value"));
    values.put("notes", field("notes").getDomProperty("value"));
    values.put("plan", field("plan").getDomProperty("value"));
    values.put("newsletter", field("newsletter").isSelected());
    values.put(
        "size",
        browser.script(
            "const c = document.querySelector(\"#profile [name=size]:checked\"); return c ? c.value : null;"));
    values.put("secret", field("secret").getDomProperty("value"));
    values.put("coupon", field("coupon").getDomProperty("value"));
    return values;
  }

  /** What the server holds for this connection, as the app echoes it. */
  String serverState() {
    return text("server-state");
  }

  /** A property on window: it survives anything but a reload. */
  void markWindow() {
    browser.script("window.__handoffTestMarker = 'still-here';");
  }

  boolean windowMarked() {
    return "still-here".equals(browser.script("return window.__handoffTestMarker || null;"));
  }

  /** Marks the form's current elements; after a re-render the elements are new and unmarked. */
  void markFormElements() {
    browser.script("document.querySelectorAll('#profile [name]').forEach(e => e.__old = true);");
  }

  boolean formElementsReplaced() {
    return Boolean.TRUE.equals(
        browser.script(
            "return Array.from(document.querySelectorAll('#profile [name]')).every(e => !e.__old);"));
  }

  long renders() {
    return ((Number) browser.script("return window.demo.renders;")).longValue();
  }

  @SuppressWarnings("unchecked")
  java.util.List<String> restores() {
    return (java.util.List<String>) browser.script("return window.demo.restores.slice();");
  }

  boolean handoffLoaded() {
    return Boolean.TRUE.equals(browser.script("return window.demo.handoff;"));
  }

  /** The sessionStorage copy handoff.js keeps for unclean disconnects. */
  String localCopy() {
    return (String)
        browser.script("return sessionStorage.getItem('handoff:copy:' + location.pathname);");
  }
}
