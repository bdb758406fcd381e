package dev.handoff.sidecar.store;

import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.List;

/** The few commands the store needs, over a standalone/Sentinel connection or a cluster one. */
interface RedisCommands {
  RedisFuture<String> set(String key, String value, SetArgs args);

  RedisFuture<String> getdel(String key);

  RedisFuture<String> get(String key);

  RedisFuture<Long> hincrby(String key, String field, long by);

  RedisFuture<Boolean> expire(String key, long seconds);

  RedisFuture<Long> waitForReplication(int replicas, long timeoutMillis);

  RedisFuture<Long> zadd(String key, ZAddArgs args, double score, String member);

  RedisFuture<List<String>> zrangebyscore(String key, Range<Double> range);

  RedisFuture<Long> incr(String key);

  RedisFuture<Boolean> pexpire(String key, long millis);

  void close();

  static RedisCommands standalone(StatefulRedisConnection<String, String> c) {
    return of(c.async(), c::closeAsync);
  }

  static RedisCommands cluster(StatefulRedisClusterConnection<String, String> c) {
    return of(c.async(), c::closeAsync);
  }

  /**
   * A standalone connection that flushes in {@link FlushBatches}: a command goes out at once when
   * nothing of the connection is in flight, else with the others that came meanwhile. Used for
   * writes only.
   */
  static RedisCommands batched(StatefulRedisConnection<String, String> c) {
    c.setAutoFlushCommands(false);
    RedisCommands plain = standalone(c);
    FlushBatches batches = new FlushBatches(c::flushCommands);
    return new RedisCommands() {
      public RedisFuture<String> set(String k, String v, SetArgs args) {
        return batches.send(() -> plain.set(k, v, args));
      }

      public RedisFuture<String> getdel(String k) {
        return batches.send(() -> plain.getdel(k));
      }

      public RedisFuture<String> get(String k) {
        return batches.send(() -> plain.get(k));
      }

      public RedisFuture<Long> hincrby(String k, String f, long by) {
        return batches.send(() -> plain.hincrby(k, f, by));
      }

      public RedisFuture<Boolean> expire(String k, long s) {
        return batches.send(() -> plain.expire(k, s));
      }

      public RedisFuture<Long> waitForReplication(int r, long t) {
        return batches.send(() -> plain.waitForReplication(r, t));
      }

      public RedisFuture<Long> zadd(String k, ZAddArgs args, double score, String m) {
        return batches.send(() -> plain.zadd(k, args, score, m));
      }

      public RedisFuture<List<String>> zrangebyscore(String k, Range<Double> r) {
        return batches.send(() -> plain.zrangebyscore(k, r));
      }

      public RedisFuture<Long> incr(String k) {
        return batches.send(() -> plain.incr(k));
      }

      public RedisFuture<Boolean> pexpire(String k, long ms) {
        return batches.send(() -> plain.pexpire(k, ms));
      }

      public void close() {
        plain.close();
      }
    };
  }

  /** Standalone and cluster connections share these commands; only the routing differs. */
  private static RedisCommands of(RedisClusterAsyncCommands<String, String> a, Runnable close) {
    return new RedisCommands() {
      public RedisFuture<String> set(String k, String v, SetArgs args) {
        return a.set(k, v, args);
      }

      public RedisFuture<String> getdel(String k) {
        return a.getdel(k);
      }

      public RedisFuture<String> get(String k) {
        return a.get(k);
      }

      public RedisFuture<Long> hincrby(String k, String f, long by) {
        return a.hincrby(k, f, by);
      }

      public RedisFuture<Boolean> expire(String k, long s) {
        return a.expire(k, s);
      }

      public RedisFuture<Long> waitForReplication(int r, long t) {
        return a.waitForReplication(r, t);
      }

      public RedisFuture<Long> zadd(String k, ZAddArgs args, double score, String m) {
        return a.zadd(k, args, score, m);
      }

      public RedisFuture<List<String>> zrangebyscore(String k, Range<Double> r) {
        return a.zrangebyscore(k, r);
      }

      public RedisFuture<Long> incr(String k) {
        return a.incr(k);
      }

      public RedisFuture<Boolean> pexpire(String k, long ms) {
        return a.pexpire(k, ms);
      }

      public void close() {
        close.run();
      }
    };
  }
}
