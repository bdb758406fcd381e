package dev.handoff.sidecar.handoff;

/**
 * Well-formed UTF-8 as the JDK's decoder takes it (Unicode's table 3-7: no overlong forms, no
 * surrogates, nothing past U+10FFFF), so bytes found well-formed here decode to the same text
 * wherever they are cut from.
 */
final class Utf8 {
  private Utf8() {}

  /**
   * The length of the well-formed sequence that starts at {@code i} with a byte of 0x80 or more, or
   * -1.
   */
  static int sequenceLength(byte[] b, int i) {
    int lead = b[i] & 0xff;
    if (lead >= 0xc2 && lead <= 0xdf) return continuation(b, i + 1, 0x80, 0xbf) ? 2 : -1;
    if (lead >= 0xe0 && lead <= 0xef) {
      int low = lead == 0xe0 ? 0xa0 : 0x80;
      int high = lead == 0xed ? 0x9f : 0xbf;
      return continuation(b, i + 1, low, high) && continuation(b, i + 2, 0x80, 0xbf) ? 3 : -1;
    }
    if (lead >= 0xf0 && lead <= 0xf4) {
      int low = lead == 0xf0 ? 0x90 : 0x80;
      int high = lead == 0xf4 ? 0x8f : 0xbf;
      return continuation(b, i + 1, low, high)
              && continuation(b, i + 2, 0x80, 0xbf)
              && continuation(b, i + 3, 0x80, 0xbf)
          ? 4
          : -1;
    }
    return -1;
  }

  private static boolean continuation(byte[] b, int i, int low, int high) {
    if (i >= b.length) return false;
    int c = b[i] & 0xff;
    return c >= low && c <= high;
  }
}
