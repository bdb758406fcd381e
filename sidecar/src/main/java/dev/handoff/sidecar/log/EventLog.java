package dev.handoff.sidecar.log;

import dev.handoff.contract.LogFormat;
import dev.handoff.logging.JsonLinesProvider;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One log line per event: {@code event=<name> app=<app> version=<K> conn=<id> key=value…} in the
 * text format (logfmt, a value quoted and escaped when it needs it, see {@link LogFormat#logfmt}),
 * one JSON object with the same members in the json format ({@code HANDOFF_LOG_FORMAT}). Every
 * event goes through SLF4J's key-value API: the event's name and its key-values, in order. The json
 * provider ({@link JsonLinesProvider}) writes those as members; for any other provider
 * (slf4j-simple, the default; or the host's, when the sidecar is embedded) the message is the
 * finished logfmt line. The key-values ride along only to providers that keep them apart ({@link
 * LoggingEventAware}): the others (slf4j-simple among them) would prepend them, unquoted, to the
 * message.
 *
 * <p>Callers pass only counts, codes and ids: never a token or any part of a client's state.
 */
public final class EventLog {
  private static final Logger LOG = LoggerFactory.getLogger("handoff");

  private final Logger logger;
  private final boolean structured;
  private final boolean keepsKeyValues;
  private final String app;
  private final long version;

  /** {@code app=… version=…}, the same on every line: rendered once. */
  private final String appAndVersion;

  /** {@code event=<name>} of each event met so far: the names are the code's own few constants. */
  private final Map<String, String> eventFields = new ConcurrentHashMap<>();

  public EventLog(String app, long version) {
    this(app, version, LOG);
  }

  EventLog(String app, long version, Logger logger) {
    this.logger = logger;
    this.structured = logger instanceof JsonLinesProvider.JsonLinesLogger;
    this.keepsKeyValues = logger instanceof LoggingEventAware;
    this.app = app;
    this.version = version;
    this.appAndVersion =
        LogFormat.logfmt(
            List.of(
                new SimpleImmutableEntry<>("app", app),
                new SimpleImmutableEntry<>("version", version)));
  }

  public void info(String event, long conn, Object... keyValues) {
    if (!logger.isInfoEnabled()) return;
    if (takesMessageOnly()) logger.info(line(event, conn, keyValues));
    else log(logger.atInfo(), event, conn, keyValues);
  }

  public void warn(String event, long conn, Object... keyValues) {
    if (!logger.isWarnEnabled()) return;
    if (takesMessageOnly()) logger.warn(line(event, conn, keyValues));
    else log(logger.atWarn(), event, conn, keyValues);
  }

  public void debug(String event, long conn, Object... keyValues) {
    if (!logger.isDebugEnabled()) return;
    if (takesMessageOnly()) logger.debug(line(event, conn, keyValues));
    else log(logger.atDebug(), event, conn, keyValues);
  }

  /**
   * A provider that sees only the message (slf4j-simple): the finished line goes to it straight, as
   * SLF4J's event builder would pass it on, without the builder and the fields as objects (one line
   * per hand-off, thousands in a drain).
   */
  private boolean takesMessageOnly() {
    return !structured && !keepsKeyValues;
  }

  /**
   * The logfmt line of {@link #fields} (each field {@code key=value}, one space between), put
   * together from its parts: the event's name and {@code app=… version=…} rendered once, the
   * connection's id (digits, never quoted) as it is, the caller's pairs by {@link LogFormat}.
   */
  String line(String event, long conn, Object... keyValues) {
    String name =
        eventFields.computeIfAbsent(
            event, e -> LogFormat.logfmt(List.of(new SimpleImmutableEntry<>("event", e))));
    StringBuilder b = new StringBuilder(128).append(name).append(' ').append(appAndVersion);
    if (conn > 0) b.append(" conn=").append(conn);
    if (keyValues.length > 1) {
      List<Map.Entry<String, ?>> pairs = new ArrayList<>(keyValues.length / 2);
      for (int i = 0; i + 1 < keyValues.length; i += 2) {
        pairs.add(new SimpleImmutableEntry<>(String.valueOf(keyValues[i]), keyValues[i + 1]));
      }
      b.append(' ').append(LogFormat.logfmt(pairs));
    }
    return b.toString();
  }

  private void log(LoggingEventBuilder builder, String event, long conn, Object... keyValues) {
    List<Map.Entry<String, ?>> fields = fields(event, conn, keyValues);
    builder.setMessage(structured ? event : LogFormat.logfmt(fields));
    if (keepsKeyValues) {
      for (Map.Entry<String, ?> field : fields)
        builder.addKeyValue(field.getKey(), field.getValue());
    }
    builder.log();
  }

  /** {@code event, app, version, conn} (when there is one), then the caller's pairs in order. */
  List<Map.Entry<String, ?>> fields(String event, long conn, Object... keyValues) {
    List<Map.Entry<String, ?>> fields = new ArrayList<>(4 + keyValues.length / 2);
    fields.add(new SimpleImmutableEntry<>("event", event));
    fields.add(new SimpleImmutableEntry<>("app", app));
    fields.add(new SimpleImmutableEntry<>("version", version));
    if (conn > 0) fields.add(new SimpleImmutableEntry<>("conn", conn));
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      fields.add(new SimpleImmutableEntry<>(String.valueOf(keyValues[i]), keyValues[i + 1]));
    }
    return fields;
  }
}
