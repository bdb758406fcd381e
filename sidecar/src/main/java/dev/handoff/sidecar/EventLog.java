package dev.handoff.sidecar;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per event, {@code event=<name> app=<app> version=<K> conn=<id> key=value…}. Callers pass only
 * counts, codes and ids: never a token or any part of a client's state.
 */
public final class EventLog {
  private static final Logger LOG = LoggerFactory.getLogger("handoff");

  private final String prefix;

  public EventLog(String app, long version) {
    this.prefix = " app=" + app + " version=" + version;
  }

  public void info(String event, long conn, Object... keyValues) {
    if (LOG.isInfoEnabled()) LOG.info(line(event, conn, keyValues));
  }

  public void warn(String event, long conn, Object... keyValues) {
    LOG.warn(line(event, conn, keyValues));
  }

  public void debug(String event, long conn, Object... keyValues) {
    if (LOG.isDebugEnabled()) LOG.debug(line(event, conn, keyValues));
  }

  private String line(String event, long conn, Object... keyValues) {
    StringBuilder b = new StringBuilder(96).append("event=").append(event).append(prefix);
    if (conn > 0) b.append(" conn=").append(conn);
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      b.append(' ').append(keyValues[i]).append('=').append(keyValues[i + 1]);
    }
    return b.toString();
  }
}
