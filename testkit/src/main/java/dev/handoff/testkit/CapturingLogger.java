package dev.handoff.testkit;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger that, like slf4j-simple, is not {@code LoggingEventAware}: it sees only the message, and
 * keeps each formatted line for a test to read.
 */
public final class CapturingLogger extends LegacyAbstractLogger {
  private final List<String> lines = new ArrayList<>();

  public CapturingLogger(String name) {
    this.name = name;
  }

  /** The formatted messages, in order. */
  public List<String> lines() {
    return lines;
  }

  @Override
  public boolean isTraceEnabled() {
    return true;
  }

  @Override
  public boolean isDebugEnabled() {
    return true;
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] args, Throwable t) {
    lines.add(MessageFormatter.basicArrayFormat(pattern, args));
  }
}
