package dev.handoff.contract;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The Redis URL schemes the sidecar connects with, and so the ones the operator may hand it. */
public enum RedisScheme {
  REDIS("redis://", false, false),
  REDISS("rediss://", true, false),
  REDIS_SENTINEL("redis-sentinel://", false, false),
  REDIS_CLUSTER("redis-cluster://", false, true),
  REDISS_CLUSTER("rediss-cluster://", true, true);

  private final String prefix;
  private final boolean tls;
  private final boolean cluster;

  RedisScheme(String prefix, boolean tls, boolean cluster) {
    this.prefix = prefix;
    this.tls = tls;
    this.cluster = cluster;
  }

  /**
   * "redis://, rediss://, redis-sentinel://, redis-cluster:// or rediss-cluster://", for error
   * texts.
   */
  public static final String ACCEPTED_FORM = acceptedForm();

  public static Optional<RedisScheme> of(String url) {
    if (url == null) {
      return Optional.empty();
    }
    String lower = url.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(scheme -> lower.startsWith(scheme.prefix)).findFirst();
  }

  public String prefix() {
    return prefix;
  }

  public boolean tls() {
    return tls;
  }

  /** A Redis Cluster: the URL lists seed nodes {@code host:port[,host:port…]}, no database. */
  public boolean cluster() {
    return cluster;
  }

  private static String acceptedForm() {
    String[] prefixes = Arrays.stream(values()).map(RedisScheme::prefix).toArray(String[]::new);
    return Arrays.stream(prefixes, 0, prefixes.length - 1).collect(Collectors.joining(", "))
        + " or "
        + prefixes[prefixes.length - 1];
  }
}
