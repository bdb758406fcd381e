package dev.handoff.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code redis-cluster://[user:password@]host:port[,host:port…][?option=value…]} URL (or {@code
 * rediss-cluster://}): the seed nodes a cluster client starts from, which discovers the other
 * nodes. The credentials and the options go with every seed; a database path is dropped (a cluster
 * has database 0 only); blanks around the commas and empty entries are allowed. Clients read it in
 * Lettuce's own multi-host form ({@link #asRedisUrl}); {@link #seeds} lists the same nodes one URL
 * each. Several IPv6 addresses cannot be listed (Lettuce's multi-host form cannot hold them): name
 * such nodes by host name, or give one of them.
 */
public final class RedisClusterUrl {

  private RedisClusterUrl() {}

  /** The parts of a cluster URL, checked. */
  private record Parts(String scheme, String credentials, List<String> hosts, String options) {}

  /**
   * One plain seed URL per node, e.g. {@code redis://u:p@a:7000}, each with the URL's credentials
   * and options.
   */
  public static List<String> seeds(String url) {
    Parts parts = parse(url);
    return parts.hosts().stream()
        .map(host -> parts.scheme() + parts.credentials() + host + parts.options())
        .toList();
  }

  /**
   * The same cluster as the one {@code redis://} or {@code rediss://} URL listing every seed, which
   * Lettuce's cluster client reads ({@code RedisClusterURIUtil.toRedisURIs}), e.g. {@code
   * redis://u:p@a:7000,b:7001}.
   */
  public static String asRedisUrl(String url) {
    Parts parts = parse(url);
    return parts.scheme() + parts.credentials() + String.join(",", parts.hosts()) + parts.options();
  }

  private static Parts parse(String url) {
    RedisScheme scheme =
        RedisScheme.of(url)
            .filter(RedisScheme::cluster)
            .orElseThrow(
                () -> new InvalidValueException("not a redis-cluster:// or rediss-cluster:// URL"));
    String rest = url.trim().substring(scheme.prefix().length());
    int authorityEnd = indexOfAny(rest, "/?#");
    String authority = rest.substring(0, authorityEnd);
    String tail = rest.substring(authorityEnd);
    String credentials = authority.substring(0, authority.lastIndexOf('@') + 1);
    List<String> hosts = new ArrayList<>();
    for (String host : authority.substring(credentials.length()).split(",")) {
      if (!host.isBlank()) {
        hosts.add(host.trim());
      }
    }
    if (hosts.isEmpty()) {
      throw new InvalidValueException("a cluster URL needs at least one host:port");
    }
    if (hosts.size() > 1 && hosts.stream().anyMatch(host -> host.startsWith("["))) {
      throw new InvalidValueException(
          "several IPv6 addresses cannot be listed in a cluster URL:"
              + " name the nodes by host name, or give one of them");
    }
    int query = tail.indexOf('?');
    int fragment = tail.indexOf('#');
    String options =
        query < 0 || (fragment >= 0 && fragment < query)
            ? ""
            : tail.substring(query, fragment > query ? fragment : tail.length());
    String plain = scheme.tls() ? RedisScheme.REDISS.prefix() : RedisScheme.REDIS.prefix();
    return new Parts(plain, credentials, List.copyOf(hosts), options);
  }

  private static int indexOfAny(String text, String chars) {
    for (int i = 0; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }
}
