package dev.handoff.sidecar.handoff;

/** What one drain did, returned by {@code POST /drain} and logged. */
public record DrainReport(
    long durationMillis,
    int optedIn,
    int stored,
    int tooLarge,
    int timeout,
    int storeError,
    int plainClosed,
    int aborted) {

  public String toJson() {
    return JsonText.write(
        g -> {
          g.writeStartObject();
          g.writeNumberField("durationMillis", durationMillis);
          g.writeNumberField("optedIn", optedIn);
          g.writeNumberField("stored", stored);
          g.writeNumberField("tooLarge", tooLarge);
          g.writeNumberField("timeout", timeout);
          g.writeNumberField("storeError", storeError);
          g.writeNumberField("plainClosed", plainClosed);
          g.writeNumberField("aborted", aborted);
          g.writeEndObject();
        });
  }
}
