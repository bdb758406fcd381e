package dev.handoff.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code redis-cluster://[user:password@]host:port[,host:port…]} URL as the plain seed URLs a cluster client
 * starts from; the credentials go with every seed, the client discovers the other nodes.
 */
public final class RedisClusterUrl {

    private RedisClusterUrl() {
    }

    public static List<String> seeds(String url) {
        RedisScheme scheme = RedisScheme.of(url).filter(RedisScheme::cluster)
                .orElseThrow(() -> new InvalidValueException("not a redis-cluster:// or rediss-cluster:// URL"));
        String rest = url.trim().substring(scheme.prefix().length());
        String credentials = rest.contains("@") ? rest.substring(0, rest.lastIndexOf('@') + 1) : "";
        String hosts = rest.substring(credentials.length()).replaceAll("/.*$", "");
        String plain = scheme.tls() ? RedisScheme.REDISS.prefix() : RedisScheme.REDIS.prefix();
        List<String> seeds = new ArrayList<>();
        for (String host : hosts.split(",")) {
            if (!host.isBlank()) {
                seeds.add(plain + credentials + host.trim());
            }
        }
        return List.copyOf(seeds);
    }
}
