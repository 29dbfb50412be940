package dev.switchboard.provider;

import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A pure translator between the gateway's canonical (OpenAI) wire format and one upstream API
 * family. It does no I/O: {@link UpstreamClient} sends what {@link #encode} builds and hands back
 * the bytes.
 *
 * <p>Threading: stateless and shared by every event loop; per-stream state lives in the
 * {@link StreamDecoder} it creates.
 */
public interface ProviderAdapter {

  /** Builds the upstream request for this exchange and target. */
  UpstreamCall encode(Exchange exchange, UpstreamTarget target);

  /** Decodes a successful (2xx) complete response into the canonical reply. */
  Reply.Complete decode(Exchange exchange, int status, Buffer body);

  /** A fresh decoder for one streamed response. */
  StreamDecoder newStreamDecoder(Exchange exchange);

  /** Maps an upstream error response to the gateway's error vocabulary. */
  GatewayException decodeError(UpstreamTarget target, int status, MultiMap headers, Buffer body);
}
