package dev.handoff.loadtest.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RawJsonTest {

  @Test
  void returnsTheRestoredStateExactlyAsItAppearsInTheFrame() {
    String state =
        "{\"rev\":3,\"name\":\"Zo\\u00eb \\\"q\\\" }]\",\"n\":1.50,\"a\":[{\"b\":\"}\"}]}";
    String hello =
        "{\"t\":\"hello\",\"app\":\"demo\",\"version\":2,\"restored\":{\"fromVersion\":1,\"state\":"
            + state
            + "}}";

    assertThat(RawJson.value(hello, "restored", "state")).isEqualTo(state);
    assertThat(RawJson.value(hello, "version")).isEqualTo("2");
  }

  @Test
  void aMissingKeyIsNull() {
    assertThat(RawJson.value("{\"t\":\"hello\",\"restore\":\"expired\"}", "restored", "state"))
        .isNull();
  }

  @Test
  void generatedStatesAreValidJsonInTheRequestedSizeRange() {
    Random random = new Random(1);
    for (int i = 0; i < 200; i++) {
      String text = StateText.generate(random, i, 1024, 4096).at(12);
      int bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      assertThat(bytes).isBetween(1024, 4096 + 64);
      assertThat(new io.vertx.core.json.JsonObject(text).getInteger("client")).isEqualTo(i);
      assertThat(RawJson.value("{\"state\":" + text + "}", "state")).isEqualTo(text);
    }
  }
}
