package dev.handoff.loadtest.client;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A client's view state as the JSON text handoff.js would send: form values and provider state (drawer,
 * tabs, scroll, selection) padded with typed notes to a size in the requested range. Every client gets its
 * own, and the text carries escapes and non-ASCII characters so a restore that re-encodes it shows up.
 */
public final class StateText {
  private static final String[] WORDS = {"order", "draft", "ticket", "réunion", "naïve", "Zoë", "delivery",
      "invoice", "\\\"quoted\\\"", "tab\\t", "line\\n", "€", "日本", "status", "pending", "review"};
  private static final String[] PLANS = {"free", "pro", "team", "enterprise"};

  private final String body;

  private StateText(String body) {
    this.body = body;
  }

  /** A fresh state for client {@code id} of roughly {@code minBytes}–{@code maxBytes} UTF-8 bytes. */
  public static StateText generate(Random random, int id, int minBytes, int maxBytes) {
    int target = minBytes + (maxBytes > minBytes ? random.nextInt(maxBytes - minBytes + 1) : 0);
    StringBuilder b = new StringBuilder(target + 64)
        .append("\"client\":").append(id)
        .append(",\"form\":{\"name\":\"").append(word(random)).append(' ').append(word(random))
        .append("\",\"email\":\"user").append(id).append("@example.test\",\"plan\":\"")
        .append(PLANS[random.nextInt(PLANS.length)]).append("\",\"seats\":").append(1 + random.nextInt(500))
        .append(",\"newsletter\":").append(random.nextBoolean())
        .append(",\"amount\":").append(random.nextInt(100_000)).append('.').append(10 + random.nextInt(90))
        .append("},\"providers\":{\"drawer\":{\"open\":").append(random.nextBoolean())
        .append(",\"tab\":").append(random.nextInt(6))
        .append("},\"scroll\":{\"y\":").append(random.nextInt(20_000))
        .append("},\"selection\":[");
    int selected = 1 + random.nextInt(8);
    for (int i = 0; i < selected; i++) b.append(i == 0 ? "" : ",").append(random.nextInt(10_000));
    b.append("]},\"notes\":\"");
    String rev = "{\"rev\":000000,";
    int bytes = (rev + b).getBytes(StandardCharsets.UTF_8).length + 2;
    while (bytes < target) {
      String w = word(random);
      b.append(w).append(' ');
      bytes += w.getBytes(StandardCharsets.UTF_8).length + 1;
    }
    b.append("\"}");
    return new StateText(b.toString());
  }

  private static String word(Random random) {
    return WORDS[random.nextInt(WORDS.length)];
  }

  /** The state at a revision: what the user has typed since the page loaded changes {@code rev}. */
  public String at(int revision) {
    return "{\"rev\":" + revision + "," + body;
  }
}
