package dev.switchboard.governance.limits;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), sent in full only when Redis does not know it
 * yet (after a restart or on a new node), so the hot path does not ship the script every time.
 *
 * <p>Immutable and thread-safe.
 */
final class LuaScript {
  private final String source;
  private volatile String sha;

  LuaScript(String source) {
    this.source = source;
  }

  /** Runs the script; the future completes on a Lettuce I/O thread. */
  <T> CompletableFuture<T> run(RedisAsyncCommands<String, byte[]> redis, ScriptOutputType type,
      String[] keys, byte[]... args) {
    String digest = sha;
    if (digest == null) {
      digest = redis.digest(source);
      sha = digest;
    }
    CompletableFuture<T> bySha =
        redis.<T>evalsha(digest, type, keys, args).toCompletableFuture();
    return bySha.handle((result, error) -> {
      if (error == null) {
        return CompletableFuture.completedFuture(result);
      }
      if (unwrap(error) instanceof RedisNoScriptException) {
        return redis.<T>eval(source, type, keys, args).toCompletableFuture();
      }
      return CompletableFuture.<T>failedFuture(unwrap(error));
    }).thenCompose(f -> f);
  }

  /** Encodes script arguments. */
  static byte[] arg(Object value) {
    return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
  }

  static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }
}
