package dev.handoff.logging;

import dev.handoff.contract.LogFormat;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.helpers.NormalizedParameters;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of {@code HANDOFF_LOG_FORMAT=json}: every line on stderr is one JSON object,
 * {@code {"time":…,"level":"INFO","logger":"handoff","event":"drain_finished","app":…,…}}, whoever
 * logs it (the sidecar's and the operator's events with their key-values; Netty's, Vert.x's,
 * Lettuce's and Fabric8's lines with a {@code message}, a throwable's stack trace as one {@code
 * error} string). slf4j-simple, the provider of the default text format, always prefixes its level,
 * so it cannot write such lines. Levels are slf4j-simple's own settings ({@code
 * org.slf4j.simpleLogger.defaultLogLevel}, {@code org.slf4j.simpleLogger.log.<name>}, from system
 * properties or {@code simplelogger.properties}), so the knobs stay one. The sidecar's {@code Main}
 * and {@code OperatorMain} select it with the {@code slf4j.provider} system property before
 * anything logs.
 */
public final class JsonLinesProvider implements SLF4JServiceProvider {
  private static final String LEVEL_PREFIX = "org.slf4j.simpleLogger.log.";
  private static final String DEFAULT_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  /**
   * The system properties that make SLF4J use this provider, and keep SLF4J's own start-up notes
   * (not JSON) to warnings; set before the first logger is made (SLF4J picks its provider once). A
   * -D on the command line wins.
   */
  public static void select() {
    Map.of("slf4j.provider", JsonLinesProvider.class.getName(), "slf4j.internal.verbosity", "WARN")
        .forEach(
            (name, value) -> {
              if (System.getProperty(name) == null) System.setProperty(name, value);
            });
  }

  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();
  private volatile ILoggerFactory factory;

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    Properties levels = new Properties();
    try (InputStream in =
        JsonLinesProvider.class.getClassLoader().getResourceAsStream("simplelogger.properties")) {
      if (in != null) levels.load(in);
    } catch (Exception ignored) {
      // No file: every logger at info.
    }
    System.getProperties().stringPropertyNames().stream()
        .filter(n -> n.startsWith("org.slf4j.simpleLogger."))
        .forEach(n -> levels.setProperty(n, System.getProperty(n)));
    Map<String, Logger> loggers = new ConcurrentHashMap<>();
    factory =
        name ->
            loggers.computeIfAbsent(
                name, n -> new JsonLinesLogger(n, levelOf(levels, n), () -> System.err));
  }

  /** slf4j-simple's rule: the longest dotted prefix with a level, else the default, else info. */
  static int levelOf(Properties levels, String name) {
    String n = name;
    while (true) {
      String level = levels.getProperty(LEVEL_PREFIX + n);
      if (level != null) return toInt(level);
      int dot = n.lastIndexOf('.');
      if (dot < 0) break;
      n = n.substring(0, dot);
    }
    return toInt(levels.getProperty(DEFAULT_LEVEL, "info"));
  }

  private static int toInt(String level) {
    return switch (level.trim().toLowerCase(Locale.ROOT)) {
      case "trace" -> Level.TRACE.toInt();
      case "debug" -> Level.DEBUG.toInt();
      case "warn" -> Level.WARN.toInt();
      case "error" -> Level.ERROR.toInt();
      case "off" -> Integer.MAX_VALUE;
      default -> Level.INFO.toInt();
    };
  }

  /** One logger: renders an event's key-values as members of its line. */
  public static final class JsonLinesLogger extends LegacyAbstractLogger
      implements LoggingEventAware {
    private final int threshold;
    private final transient Supplier<PrintStream> out;

    public JsonLinesLogger(String name, int threshold, Supplier<PrintStream> out) {
      this.name = name;
      this.threshold = threshold;
      this.out = out;
    }

    private boolean enabled(Level level) {
      return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
      return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
      return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
      return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] args, Throwable t) {
      write(level, MessageFormatter.basicArrayFormat(pattern, args), List.of(), t);
    }

    @Override
    public void log(LoggingEvent event) {
      if (!enabled(event.getLevel())) return;
      NormalizedParameters p = NormalizedParameters.normalize(event);
      List<KeyValuePair> kvs =
          event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
      write(
          event.getLevel(),
          MessageFormatter.basicArrayFormat(p.getMessage(), p.getArguments()),
          kvs,
          p.getThrowable());
    }

    private void write(Level level, String message, List<KeyValuePair> kvs, Throwable t) {
      out.get().println(line(Instant.now(), level, name, message, kvs, t));
    }

    /**
     * {@code time, level, logger}, then the key-values in order; the message as {@code message}
     * unless an {@code event} key-value already says it (the sidecar's events: the message is the
     * event's name).
     */
    static String line(
        Instant time,
        Level level,
        String logger,
        String message,
        List<KeyValuePair> kvs,
        Throwable t) {
      List<Map.Entry<String, ?>> fields = new ArrayList<>(kvs.size() + 5);
      fields.add(new SimpleImmutableEntry<>("time", time.toString()));
      fields.add(new SimpleImmutableEntry<>("level", level.name()));
      fields.add(new SimpleImmutableEntry<>("logger", logger));
      boolean named = false;
      for (KeyValuePair kv : kvs) {
        fields.add(new SimpleImmutableEntry<>(kv.key, kv.value));
        named |=
            "event".equals(kv.key) && message != null && message.equals(String.valueOf(kv.value));
      }
      if (!named && message != null) fields.add(new SimpleImmutableEntry<>("message", message));
      if (t != null) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        fields.add(new SimpleImmutableEntry<>("error", trace.toString()));
      }
      return LogFormat.json(fields);
    }
  }
}
