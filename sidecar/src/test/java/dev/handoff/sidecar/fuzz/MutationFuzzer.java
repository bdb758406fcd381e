package dev.handoff.sidecar.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small mutation fuzzer: starts from valid inputs and breaks them the ways hostile or buggy
 * clients do (flipped and inserted bytes, cuts, splices, deep nesting, odd Unicode, huge numbers).
 * Deterministic for a seed, so a finding can be replayed.
 */
final class MutationFuzzer {
  private static final String[] TOKENS = {
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "\\",
    "\\u0000",
    "\\ud800",
    "\u0000",
    "null",
    "true",
    "1e99999",
    "-0",
    "99999999999999999999999",
    "\"t\"",
    "\"state\"",
    "\"checkpoint\"",
    "\"pageVersion\"",
    "\uFFFF",
    "\uD83D\uDE00",
    "/*",
    "NaN",
    "\n"
  };

  private final SplittableRandom random;
  private final List<String> seeds;

  MutationFuzzer(long seed, List<String> seeds) {
    this.random = new SplittableRandom(seed);
    this.seeds = seeds;
  }

  String next() {
    String s = seeds.get(random.nextInt(seeds.size()));
    int rounds = 1 + random.nextInt(6);
    for (int i = 0; i < rounds; i++) s = mutate(s);
    return s;
  }

  private String mutate(String s) {
    int at = s.isEmpty() ? 0 : random.nextInt(s.length() + 1);
    switch (random.nextInt(8)) {
      case 0: // flip one byte's worth of a character
        if (s.isEmpty()) return s;
        int i = random.nextInt(s.length());
        return s.substring(0, i)
            + (char) (s.charAt(i) ^ (1 << random.nextInt(8)))
            + s.substring(i + 1);
      case 1:
        return s.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + s.substring(at);
      case 2: // cut
        return s.substring(0, at);
      case 3: // delete a span
        int end = Math.min(s.length(), at + random.nextInt(16));
        return s.substring(0, at) + s.substring(end);
      case 4: // splice another seed in
        String other = seeds.get(random.nextInt(seeds.size()));
        return s.substring(0, at) + other.substring(random.nextInt(other.length() + 1));
      case 5: // deep nesting
        int depth = random.nextInt(300);
        return s.substring(0, at)
            + "[".repeat(depth)
            + "]".repeat(random.nextInt(depth + 1))
            + s.substring(at);
      case 6: // duplicate a span
        int len = Math.min(s.length() - at, random.nextInt(64));
        return s.substring(0, at + len) + s.substring(at, at + len) + s.substring(at);
      default: // raw bytes decoded leniently, as a broken client's would be
        byte[] bytes = new byte[random.nextInt(24)];
        for (int k = 0; k < bytes.length; k++) bytes[k] = (byte) random.nextInt(256);
        return s.substring(0, at)
            + new String(bytes, StandardCharsets.ISO_8859_1)
            + s.substring(at);
    }
  }
}
