package dev.switchboard.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;

/**
 * The Lettuce client every Redis user of the gateway shares the settings of (limits, breakers,
 * the response cache): it reconnects by itself, but while Redis is away commands are rejected
 * rather than queued, and connecting and commands time out after {@code timeout}. A gateway
 * decides locally at once instead of making a request wait for Redis to come back.
 *
 * <p>Threading: stateless.
 */
public final class FailFastRedis {
  private FailFastRedis() {}

  /** A client for {@code uri} with those options; the caller owns and shuts it down. */
  public static RedisClient client(RedisURI uri, Duration timeout) {
    RedisClient client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .build());
    return client;
  }
}
