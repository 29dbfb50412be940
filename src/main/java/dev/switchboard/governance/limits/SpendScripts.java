package dev.switchboard.governance.limits;

import java.time.Duration;
import java.util.List;

/**
 * The Lua scripts of {@link RedisSpendCounters} and their arguments. Keys come in pairs per
 * budget window: the counters hash, then the reservations sorted set. Amounts travel as decimal
 * strings and are added with {@code HINCRBY}, never formatted by Lua (which would print large
 * numbers in exponent notation); Lua compares them as doubles, exact below 2^53 micro-dollars.
 *
 * <p>Immutable; thread-safe.
 */
final class SpendScripts {
  /**
   * ARGV: now, member ({@code id|amount}), lease end, estimate, then per window: limit, expire-at.
   * Returns {0, committed before, ...} when reserved, {0} when this reservation already exists
   * (a replayed command), or {i, spent, reserved} when window i refuses.
   */
  static final LuaScript RESERVE = new LuaScript("""
      local now = tonumber(ARGV[1])
      local member = ARGV[2]
      local estimate = tonumber(ARGV[4])
      local n = #KEYS / 2
      if redis.call('ZSCORE', KEYS[2], member) then
        return {0}
      end
      local committed = {}
      for i = 1, n do
        local hash, zset = KEYS[2 * i - 1], KEYS[2 * i]
        -- leases that ended: the replica crashed or forgot; count the estimate as spent
        for _, m in ipairs(redis.call('ZRANGEBYSCORE', zset, '-inf', now, 'LIMIT', 0, 100)) do
          local amount = string.match(m, '|(%d+)$')
          redis.call('ZREM', zset, m)
          if amount then
            redis.call('HINCRBY', hash, 'reserved', '-' .. amount)
            redis.call('HINCRBY', hash, 'spent', amount)
          end
        end
        local v = redis.call('HMGET', hash, 'spent', 'reserved')
        local spent, reserved = tonumber(v[1]) or 0, tonumber(v[2]) or 0
        local limit = tonumber(ARGV[3 + 2 * i])
        if spent + reserved >= limit or spent + reserved + estimate > limit then
          return {i, spent, reserved}
        end
        committed[i + 1] = spent + reserved
      end
      committed[1] = 0
      for i = 1, n do
        local hash, zset = KEYS[2 * i - 1], KEYS[2 * i]
        redis.call('HINCRBY', hash, 'reserved', ARGV[4])
        redis.call('ZADD', zset, ARGV[3], member)
        redis.call('PEXPIREAT', hash, ARGV[4 + 2 * i])
        redis.call('PEXPIREAT', zset, ARGV[4 + 2 * i])
      end
      return committed
      """);

  /**
   * ARGV: member, minus the estimate, the actual cost, then per window: expire-at. Settles each
   * window whose reservation is still there; returns how many it settled.
   */
  static final LuaScript SETTLE = new LuaScript("""
      local settled = 0
      for i = 1, #KEYS / 2 do
        local hash, zset = KEYS[2 * i - 1], KEYS[2 * i]
        if redis.call('ZREM', zset, ARGV[1]) == 1 then
          redis.call('HINCRBY', hash, 'reserved', ARGV[2])
          redis.call('HINCRBY', hash, 'spent', ARGV[3])
          redis.call('PEXPIREAT', hash, ARGV[3 + i])
          settled = settled + 1
        end
      end
      return settled
      """);

  private SpendScripts() {
  }

  /** Keys and arguments of one script call. */
  record Call(String[] keys, byte[][] args) {
  }

  static Call reserve(String namespace, List<Reservation.Hold> holds, String id, long estimate,
      long nowMillis, Duration lease) {
    String[] keys = keys(namespace, holds);
    byte[][] args = new byte[4 + 2 * holds.size()][];
    args[0] = LuaScript.arg(nowMillis);
    args[1] = LuaScript.arg(member(id, estimate));
    args[2] = LuaScript.arg(nowMillis + lease.toMillis());
    args[3] = LuaScript.arg(estimate);
    for (int i = 0; i < holds.size(); i++) {
      args[4 + 2 * i] = LuaScript.arg(holds.get(i).check().limitMicros());
      args[5 + 2 * i] = LuaScript.arg(expireAt(holds.get(i), lease));
    }
    return new Call(keys, args);
  }

  static Call settle(String namespace, Reservation r, long actual, Duration lease) {
    List<Reservation.Hold> holds = r.holds();
    byte[][] args = new byte[3 + holds.size()][];
    args[0] = LuaScript.arg(member(r.id(), r.estimateMicros()));
    args[1] = LuaScript.arg(-r.estimateMicros());
    args[2] = LuaScript.arg(actual);
    for (int i = 0; i < holds.size(); i++) {
      args[3 + i] = LuaScript.arg(expireAt(holds.get(i), lease));
    }
    return new Call(keys(namespace, holds), args);
  }

  private static String[] keys(String namespace, List<Reservation.Hold> holds) {
    String[] keys = new String[2 * holds.size()];
    for (int i = 0; i < holds.size(); i++) {
      String hash = holds.get(i).key(namespace);
      keys[2 * i] = hash;
      keys[2 * i + 1] = hash + ":r";
    }
    return keys;
  }

  private static String member(String id, long estimate) {
    return id + "|" + estimate;
  }

  /** A lease after the window ends, so late settles still find their counters. */
  private static long expireAt(Reservation.Hold h, Duration lease) {
    return h.windowEnd().toEpochMilli() + lease.toMillis();
  }
}
