package dev.handoff.loadtest.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry delays with full jitter (a random delay in [0, min(cap, base·2^attempt))), so clients
 * refused by a draining pod (503) or a closed port do not come back in lock step; bounded by {@code
 * maxAttempts}.
 */
public record Backoff(Duration base, Duration cap, int maxAttempts) {
  public static Backoff standard() {
    return new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2), 30);
  }

  public long delayMillis(int attempt) {
    long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt, 20));
    return 1 + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling));
  }

  public boolean exhausted(int attempts) {
    return attempts >= maxAttempts;
  }
}
