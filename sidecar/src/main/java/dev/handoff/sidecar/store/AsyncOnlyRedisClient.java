package dev.handoff.sidecar.store;

import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisReactiveCommandsImpl;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.PushHandler;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;

/**
 * A Lettuce client whose connections carry only the asynchronous API the store uses. Lettuce builds
 * the sync API (a reflective proxy: ~6,600 {@code Method} objects) and the reactive one (Reactor's
 * command classes) for every connection up front; without them the idle sidecar is ~5 MiB smaller
 * (docs/BENCHMARKS.md, 5). Calling {@code sync()} or {@code reactive()} on these connections
 * returns null.
 */
final class AsyncOnlyRedisClient extends RedisClient {
  AsyncOnlyRedisClient(ClientResources resources) {
    super(resources, new RedisURI());
  }

  @Override
  protected <K, V> StatefulRedisConnectionImpl<K, V> newStatefulRedisConnection(
      RedisChannelWriter writer,
      PushHandler pushHandler,
      RedisCodec<K, V> codec,
      Duration timeout) {
    return new StatefulRedisConnectionImpl<>(writer, pushHandler, codec, timeout) {
      @Override
      protected RedisCommands<K, V> newRedisSyncCommandsImpl() {
        return null;
      }

      @Override
      protected RedisReactiveCommandsImpl<K, V> newRedisReactiveCommandsImpl() {
        return null;
      }
    };
  }
}
