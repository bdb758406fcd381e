package dev.handoff.operator.log;

import dev.handoff.contract.LogFormat;
import dev.handoff.logging.JsonLinesProvider;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The operator's event lines, as the sidecar's: {@code event=<name> key=value…} (logfmt, quoted
 * where needed) in the text format, one JSON object with the same members in the json format.
 * Through SLF4J's key-value API: the json provider writes the key-values as members; for any other
 * provider the message is the finished logfmt line (slf4j-simple would prepend the key-values
 * unquoted), and the key-values go only to providers that keep them apart. Never a secret: names,
 * counts and the webhook's reasons only.
 */
public final class EventLines {
  private EventLines() {}

  public static void info(Logger logger, String event, Object... keyValues) {
    if (logger.isInfoEnabled()) log(logger, logger.atInfo(), event, keyValues);
  }

  public static void warn(Logger logger, String event, Object... keyValues) {
    if (logger.isWarnEnabled()) log(logger, logger.atWarn(), event, keyValues);
  }

  private static void log(
      Logger logger, LoggingEventBuilder builder, String event, Object... keyValues) {
    List<Map.Entry<String, ?>> fields = fields(event, keyValues);
    builder.setMessage(
        logger instanceof JsonLinesProvider.JsonLinesLogger ? event : LogFormat.logfmt(fields));
    if (logger instanceof LoggingEventAware) {
      for (Map.Entry<String, ?> field : fields)
        builder.addKeyValue(field.getKey(), field.getValue());
    }
    builder.log();
  }

  static List<Map.Entry<String, ?>> fields(String event, Object... keyValues) {
    List<Map.Entry<String, ?>> fields = new ArrayList<>(1 + keyValues.length / 2);
    fields.add(new SimpleImmutableEntry<>("event", event));
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      fields.add(new SimpleImmutableEntry<>(String.valueOf(keyValues[i]), keyValues[i + 1]));
    }
    return fields;
  }
}
