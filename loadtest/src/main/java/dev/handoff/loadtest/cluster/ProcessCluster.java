package dev.handoff.loadtest.cluster;

import dev.handoff.contract.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every pod as real OS processes stopped by real SIGTERMs, a real {@code redis-server} (given, or
 * started on a free port) as the snapshot store, and a real HAProxy in front. HAProxy and Redis
 * come from Debian's packages, installed when missing.
 */
public final class ProcessCluster implements Cluster {
  private final ClusterSettings settings;
  private final Optional<RedisServer> ownRedis;
  private final String redisUrl;
  private final HaproxyBalancer balancer;
  private final List<ProcessPod> pods = new ArrayList<>();
  private final RedisClient redis;
  private final StatefulRedisConnection<String, String> connection;
  private final Map<String, String> sidecarEnv;

  public ProcessCluster(ClusterSettings settings) {
    this(settings, Map.of());
  }

  /**
   * @param sidecarEnv more settings for every sidecar (e.g. {@code HANDOFF_STEERING=off}, for a
   *     benchmark)
   */
  public ProcessCluster(ClusterSettings settings, Map<String, String> sidecarEnv) {
    this.settings = settings;
    this.sidecarEnv = Map.copyOf(sidecarEnv);
    this.ownRedis =
        settings.redisUrl().isPresent()
            ? Optional.empty()
            : Optional.of(RedisServer.start(settings.logDir()));
    this.redisUrl = settings.redisUrl().orElseGet(() -> ownRedis.get().url());
    this.balancer = HaproxyBalancer.start(settings.logDir(), settings.clients() * 2 + 1000);
    this.redis = RedisClient.create(redisUrl);
    this.connection = redis.connect();
  }

  @Override
  public synchronized Pod startPod(String name, long version) {
    ProcessPod pod = ProcessPod.start(name, version, settings, redisUrl, sidecarEnv);
    pods.add(pod);
    return pod;
  }

  @Override
  public Balancer balancer() {
    return balancer;
  }

  @Override
  public RolloutCounters counters() {
    return version -> {
      Map<String, String> raw =
          connection.sync().hgetall(RedisKeys.rollout(settings.app(), version));
      Map<String, Long> out = new LinkedHashMap<>();
      for (String f : InJvmCluster.COUNTER_FIELDS)
        out.put(f, Long.parseLong(raw.getOrDefault(f, "0")));
      return out;
    };
  }

  @Override
  public long waitingSnapshots() {
    return connection.sync().keys(RedisKeys.snapshot(settings.app(), "*")).size();
  }

  @Override
  public String describe() {
    return "pods as OS processes (demo app + sidecar each, stopped by SIGTERM), redis-server at "
        + redisUrl
        + (ownRedis.isPresent() ? " (started for this run)" : "")
        + ", "
        + balancer.describe();
  }

  @Override
  public synchronized void close() {
    pods.forEach(ProcessPod::kill);
    connection.close();
    redis.shutdown();
    balancer.close();
    ownRedis.ifPresent(RedisServer::close);
  }
}
