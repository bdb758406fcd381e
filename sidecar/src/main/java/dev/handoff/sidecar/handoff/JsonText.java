package dev.handoff.sidecar.handoff;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * JSON the sidecar (and the load test) writes, through Jackson's streaming generator: one shared
 * {@link JsonFactory}, and per thread one generator onto one reused text buffer, each call writing
 * the next root value, so a frame or an envelope costs little more than the finished string. Client
 * state goes in as a raw value ({@link #rawValue}): byte for byte.
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
    boolean whole = false;
    try {
      if (prefix != null) text.b.append(prefix);
      JsonGenerator g = text.generator();
      body.write(g);
      g.flush();
      whole = g.getOutputContext().inRoot();
      if (!whole) throw new IllegalStateException("the JSON written was left open");
      return text.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("JSON that cannot be written", e);
    } finally {
      text.reset(whole);
    }
  }

  /**
   * Writes {@code json}, a whole JSON value, as the generator's next value, byte for byte: the
   * generator places the separator ({@link JsonGenerator#writeRawValue(String)} of nothing) and the
   * text is spliced in when the string is made, so a large state is copied once, into the result,
   * as a hand-built concatenation would.
   */
  public static void rawValue(JsonGenerator g, String json) throws IOException {
    g.writeRawValue("");
    if (g.getOutputTarget() instanceof Text text && text.raw == null) {
      g.flush();
      text.rawAt = text.b.length();
      text.raw = json;
    } else {
      g.writeRaw(json);
    }
  }

  /** A {@link Writer} onto a reused {@link StringBuilder}. */
  private static final class Text extends Writer {
    private StringBuilder b = new StringBuilder(256);
    private JsonGenerator generator;
    private boolean busy;

    /** The one raw value {@link #rawValue} set aside, and where in {@code b} it goes. */
    private String raw;

    private int rawAt;

    JsonGenerator generator() throws IOException {
      if (generator == null) {
        generator = FACTORY.createGenerator(this);
        generator.setRootValueSeparator(
            null); // each call writes the next root value, with nothing between
      }
      return generator;
    }

    String finish() {
      if (raw == null) return b.toString();
      return b.substring(0, rawAt) + raw + b.substring(rawAt);
    }

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

    /** Ready for the next call; a generator left mid-value (a body that threw) is dropped. */
    void reset(boolean whole) {
      if (!whole) generator = null;
      busy = false;
      raw = null;
      if (b.capacity() > KEEP_CHARS) b = new StringBuilder(256);
      else b.setLength(0);
    }
  }
}
