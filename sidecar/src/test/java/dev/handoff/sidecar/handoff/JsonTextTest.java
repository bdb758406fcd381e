package dev.handoff.sidecar.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The reused generator: each call is one value, whatever the call before it did. */
class JsonTextTest {

  @Test
  void eachCallIsOneValueWithNothingLeftOver() {
    assertThat(JsonText.write(g -> g.writeNumber(1))).isEqualTo("1");
    assertThat(
            JsonText.write(
                "\0",
                g -> {
                  g.writeStartObject();
                  g.writeStringField("a", "b");
                  g.writeEndObject();
                }))
        .isEqualTo("\0{\"a\":\"b\"}");
    assertThat(JsonText.write(g -> g.writeString("x"))).isEqualTo("\"x\"");
  }

  @Test
  void aBodyThatFailsOrLeavesTheValueOpenSpoilsNoLaterCall() {
    assertThatThrownBy(
            () ->
                JsonText.write(
                    g -> {
                      g.writeStartObject();
                      throw new java.io.IOException("boom");
                    }))
        .isInstanceOf(java.io.UncheckedIOException.class);
    assertThatThrownBy(() -> JsonText.write(g -> g.writeStartArray()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(
            JsonText.write(
                g -> {
                  g.writeStartArray();
                  g.writeEndArray();
                }))
        .isEqualTo("[]");
  }

  @Test
  void rawValuesGoInAsTheyAreWhereverTheyStand() {
    String raw = "{ \"k\" :\"\\u00e9\" }";
    assertThat(
            JsonText.write(
                g -> {
                  g.writeStartArray();
                  JsonText.rawValue(g, raw);
                  JsonText.rawValue(g, "[1 ,2]");
                  g.writeEndArray();
                }))
        .isEqualTo("[" + raw + ",[1 ,2]]");
  }

  @Test
  void aBodyMayWriteJsonOfItsOwn() {
    assertThat(
            JsonText.write(
                g -> {
                  g.writeStartObject();
                  g.writeFieldName("inner");
                  g.writeRawValue(JsonText.write(h -> h.writeNumber(2)));
                  g.writeEndObject();
                }))
        .isEqualTo("{\"inner\":2}");
  }
}
