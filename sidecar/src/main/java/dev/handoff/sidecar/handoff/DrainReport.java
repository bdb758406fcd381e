package dev.handoff.sidecar.handoff;

/** What one drain did, returned by {@code POST /drain} and logged. */
public record DrainReport(
    long durationMillis, int optedIn, int stored, int tooLarge, int timeout, int storeError, int plainClosed,
    int aborted) {

  public String toJson() {
    return "{\"durationMillis\":" + durationMillis + ",\"optedIn\":" + optedIn + ",\"stored\":" + stored
        + ",\"tooLarge\":" + tooLarge + ",\"timeout\":" + timeout + ",\"storeError\":" + storeError
        + ",\"plainClosed\":" + plainClosed + ",\"aborted\":" + aborted + "}";
  }
}
