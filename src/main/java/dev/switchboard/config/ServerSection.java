package dev.switchboard.config;

/**
 * Reads {@code server:} and {@code upstream:} into their specs, field by field over the defaults.
 * Stateless; each call works only on the reader it is given.
 */
final class ServerSection {
  private ServerSection() {}

  static ServerSpec readServer(NodeReader root) {
    ServerSpec d = ServerSpec.defaults();
    NodeReader r = root.object("server");
    String host = r.string("host", d.host()).trim();
    if (host.isEmpty()) {
      r.error("host", "must not be empty (use 0.0.0.0 for every interface)");
      host = d.host();
    }
    ServerSpec spec = new ServerSpec(
        host,
        r.integer("port", d.port(), 0, 65535),
        r.string("master_key", d.masterKey()),
        r.size("max_body_bytes", d.maxBodyBytes()),
        r.duration("client_idle_timeout", d.clientIdleTimeout(), false),
        // zero grace is a legitimate "stop now"; zero for the others would disable the server
        r.duration("shutdown_grace", d.shutdownGrace(), true),
        r.duration("slow_request_threshold", d.slowRequestThreshold(), false),
        r.bool("access_log", d.accessLog()),
        r.integer("event_loops", d.eventLoops(), 0, 1024),
        r.string("redis_url", d.redisUrl()).trim());
    r.rejectUnknownFields();
    return spec;
  }

  static UpstreamSpec readUpstream(NodeReader root) {
    UpstreamSpec d = UpstreamSpec.defaults();
    NodeReader r = root.object("upstream");
    UpstreamSpec spec = new UpstreamSpec(
        r.duration("connect_timeout", d.connectTimeout(), false),
        r.duration("first_byte_timeout", d.firstByteTimeout(), false),
        r.duration("idle_timeout", d.idleTimeout(), false),
        r.duration("total_timeout", d.totalTimeout(), false),
        r.integer("max_connections_per_host", d.maxConnectionsPerHost(), 1, 100_000));
    r.rejectUnknownFields();
    return spec;
  }
}
