package dev.handoff.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The {@code #profile} form the Node apps render (client/test/apps/), as a user touches it. */
final class ProfileForm {
  private final HeadlessChromium browser;

  ProfileForm(HeadlessChromium browser) {
    this.browser = browser;
  }

  WebElement field(String name) {
    return browser.driver().findElement(By.cssSelector("#profile [name='" + name + "']"));
  }

  /** Keystrokes only (select all, type), so the browser marks the events as the user's. */
  void type(String name, String text) {
    field(name).sendKeys(Keys.chord(Keys.CONTROL, "a"), text);
  }

  String value(String name) {
    return field(name).getDomProperty("value");
  }
}
