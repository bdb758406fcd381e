package dev.handoff.loadtest.client;

import dev.handoff.sidecar.handoff.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A client's view state as the JSON text handoff.js would send: form values and provider state
 * (drawer, tabs, scroll, selection) padded with typed notes to a size in the requested range. Every
 * client gets its own, and the text carries escapes and non-ASCII characters so a restore that
 * re-encodes it shows up.
 */
public final class StateText {
  private static final String[] WORDS = {
    "order",
    "draft",
    "ticket",
    "réunion",
    "naïve",
    "Zoë",
    "delivery",
    "invoice",
    "\"quoted\"",
    "tab\t",
    "line\n",
    "€",
    "日本",
    "status",
    "pending",
    "review"
  };

  /** Each word's UTF-8 bytes once written as JSON (escapes and all), without the quotes. */
  private static final int[] WORD_BYTES = new int[WORDS.length];

  private static final String[] PLANS = {"free", "pro", "team", "enterprise"};

  static {
    for (int i = 0; i < WORDS.length; i++) {
      String word = WORDS[i];
      WORD_BYTES[i] = utf8(JsonText.write(g -> g.writeString(word))) - 2;
    }
  }

  private final int id;
  private final String name;
  private final String plan;
  private final int seats;
  private final boolean newsletter;
  private final String amount;
  private final boolean drawerOpen;
  private final int tab;
  private final int scrollY;
  private final int[] selection;
  private String notes = "";

  private StateText(Random random, int id) {
    this.id = id;
    this.name = WORDS[random.nextInt(WORDS.length)] + ' ' + WORDS[random.nextInt(WORDS.length)];
    this.plan = PLANS[random.nextInt(PLANS.length)];
    this.seats = 1 + random.nextInt(500);
    this.newsletter = random.nextBoolean();
    this.amount = random.nextInt(100_000) + "." + (10 + random.nextInt(90));
    this.drawerOpen = random.nextBoolean();
    this.tab = random.nextInt(6);
    this.scrollY = random.nextInt(20_000);
    this.selection = new int[1 + random.nextInt(8)];
    for (int i = 0; i < selection.length; i++) selection[i] = random.nextInt(10_000);
  }

  /**
   * A fresh state for client {@code id} of roughly {@code minBytes}–{@code maxBytes} UTF-8 bytes.
   */
  public static StateText generate(Random random, int id, int minBytes, int maxBytes) {
    int target = minBytes + (maxBytes > minBytes ? random.nextInt(maxBytes - minBytes + 1) : 0);
    StateText state = new StateText(random, id);
    // The padding is sized for a six-digit revision: "000000" is five bytes longer than "0".
    int bytes = utf8(state.at(0)) + 5;
    StringBuilder notes = new StringBuilder();
    while (bytes < target) {
      int w = random.nextInt(WORDS.length);
      notes.append(WORDS[w]).append(' ');
      bytes += WORD_BYTES[w] + 1;
    }
    state.notes = notes.toString();
    return state;
  }

  /** The state at a revision: what the user has typed since the page loaded changes {@code rev}. */
  public String at(int revision) {
    return JsonText.write(
        g -> {
          g.writeStartObject();
          g.writeNumberField("rev", revision);
          g.writeNumberField("client", id);
          g.writeObjectFieldStart("form");
          g.writeStringField("name", name);
          g.writeStringField("email", "user" + id + "@example.test");
          g.writeStringField("plan", plan);
          g.writeNumberField("seats", seats);
          g.writeBooleanField("newsletter", newsletter);
          g.writeFieldName("amount");
          g.writeNumber(amount);
          g.writeEndObject();
          g.writeObjectFieldStart("providers");
          g.writeObjectFieldStart("drawer");
          g.writeBooleanField("open", drawerOpen);
          g.writeNumberField("tab", tab);
          g.writeEndObject();
          g.writeObjectFieldStart("scroll");
          g.writeNumberField("y", scrollY);
          g.writeEndObject();
          g.writeArrayFieldStart("selection");
          for (int s : selection) g.writeNumber(s);
          g.writeEndArray();
          g.writeEndObject();
          g.writeStringField("notes", notes);
          g.writeEndObject();
        });
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
