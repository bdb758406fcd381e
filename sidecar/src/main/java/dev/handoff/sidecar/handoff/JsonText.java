package dev.handoff.sidecar.handoff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * JSON the sidecar (and the load test) writes, through Jackson's streaming generator: one shared
 * {@link JsonFactory}, and per thread one reused text buffer, so a frame or an envelope costs the generator and
 * the finished string. Client state goes in with {@link JsonGenerator#writeRawValue(String)}: byte for byte.
 */
public final class JsonText {
  /** What a body writes into the generator it is given. */
  @FunctionalInterface
  public interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static final JsonFactory FACTORY = new JsonFactory();
  /** A buffer grown past this (a large state) is not kept for the thread's next call. */
  private static final int KEEP_CHARS = 64 * 1024;
  private static final ThreadLocal<Text> TEXT = ThreadLocal.withInitial(Text::new);

  private JsonText() {}

  /** The JSON {@code body} writes. */
  public static String write(Body body) {
    return write(null, body);
  }

  /** {@code prefix} (say a control frame's U+0000) and then the JSON {@code body} writes. */
  public static String write(String prefix, Body body) {
    Text text = TEXT.get();
    if (text.busy) text = new Text(); // a body that writes JSON itself
    text.busy = true;
    try {
      if (prefix != null) text.b.append(prefix);
      try (JsonGenerator g = FACTORY.createGenerator(text)) {
        body.write(g);
      }
      return text.b.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("JSON that cannot be written", e);
    } finally {
      text.reset();
    }
  }

  /** A {@link Writer} onto a reused {@link StringBuilder}. */
  private static final class Text extends Writer {
    private StringBuilder b = new StringBuilder(256);
    private boolean busy;

    @Override
    public void write(char[] cbuf, int off, int len) {
      b.append(cbuf, off, len);
    }

    @Override
    public void write(String str, int off, int len) {
      b.append(str, off, off + len);
    }

    @Override
    public void write(int c) {
      b.append((char) c);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    void reset() {
      busy = false;
      if (b.capacity() > KEEP_CHARS) b = new StringBuilder(256);
      else b.setLength(0);
    }
  }
}
