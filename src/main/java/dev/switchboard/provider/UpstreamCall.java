package dev.switchboard.provider;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * One HTTP request to send upstream, as an adapter encoded it. Immutable by convention: the
 * {@link UpstreamClient} only reads it.
 *
 * @param uri path and query, e.g. {@code /v1/chat/completions}
 * @param headers request headers (content type, credentials, provider quirks)
 * @param body the request body
 * @param stream whether a streamed (SSE) answer was asked for
 */
public record UpstreamCall(String uri, MultiMap headers, Buffer body, boolean stream) {}
