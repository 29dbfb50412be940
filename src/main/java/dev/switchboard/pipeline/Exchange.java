package dev.switchboard.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One inference request as it travels through the pipeline: the client's JSON (kept as sent, so
 * unknown fields pass through), what the gateway decided about it, and its timings.
 *
 * <p>Threading: confined to the event loop that received the request; never share it across
 * threads. Stages that hop to a worker must hand results back to that event loop before touching it.
 */
public final class Exchange {
  private final String requestId;
  private final Endpoint endpoint;
  private final long startNanos;
  private final ObjectNode body;
  private final Buffer rawBody;
  private final MultiMap headers;
  private Map<AttributeKey<?>, Object> attributes;
  private List<Runnable> cancelHooks;
  private List<String> responseHeaders;
  private int bodyVersion;
  private boolean cancelled;
  private boolean committed;
  private boolean servedByHidden;
  private String principal = "anonymous";
  private String provider;
  private String deployment;
  private String upstreamModel;
  private int attempts;
  private long upstreamNanos;

  public Exchange(String requestId, Endpoint endpoint, MultiMap headers, ObjectNode body,
      Buffer rawBody, long startNanos) {
    this.requestId = requestId;
    this.headers = headers;
    this.endpoint = endpoint;
    this.body = body;
    this.rawBody = rawBody;
    this.startNanos = startNanos;
  }

  public String requestId() {
    return requestId;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** The client's request headers (case-insensitive); read-only by convention. */
  public MultiMap headers() {
    return headers;
  }

  /** {@link System#nanoTime()} when the request's headers arrived. */
  public long startNanos() {
    return startNanos;
  }

  /** The client's JSON body; stages that change it must call {@link #markBodyChanged()}. */
  public ObjectNode body() {
    return body;
  }

  /** The client's body bytes as received; valid only while {@link #bodyChanged()} is false. */
  public Buffer rawBody() {
    return rawBody;
  }

  public void markBodyChanged() {
    bodyVersion++;
  }

  /** Whether a stage changed {@link #body()} since it was parsed. */
  public boolean bodyChanged() {
    return bodyVersion > 0;
  }

  /**
   * How many times a stage changed {@link #body()}: a part that kept something derived from the
   * body compares it to tell whether the body moved on since (an exact test, unlike a hash).
   */
  public int bodyVersion() {
    return bodyVersion;
  }

  /** The model the client asked for. */
  public String model() {
    var node = body.get("model");
    return node == null ? null : node.asText();
  }

  /** Whether the client asked for a streamed (SSE) answer. */
  public boolean stream() {
    var node = body.get("stream");
    return endpoint.streamable() && node != null && node.asBoolean(false);
  }

  /** Whether a streaming client asked for the final usage chunk itself. */
  public boolean clientWantsStreamUsage() {
    var opts = body.get("stream_options");
    return opts != null && opts.path("include_usage").asBoolean(false);
  }

  /** Who is calling (a key's name or id); "anonymous" when the data plane is open. */
  public String principal() {
    return principal;
  }

  public void principal(String p) {
    this.principal = p;
  }

  @SuppressWarnings("unchecked")
  public <T> T attribute(AttributeKey<T> key) {
    return attributes == null ? null : (T) attributes.get(key);
  }

  public <T> void attribute(AttributeKey<T> key, T value) {
    if (attributes == null) {
      attributes = new HashMap<>(4);
    }
    attributes.put(key, value);
  }

  /**
   * Adds a header to the answer (rate-limit and budget headers, …), on success and on refusal
   * alike; the edge writes them just before the status line goes out.
   */
  public void responseHeader(String name, String value) {
    if (responseHeaders == null) {
      responseHeaders = new ArrayList<>(8);
    }
    responseHeaders.add(name);
    responseHeaders.add(value);
  }

  /** Headers added by stages, as name, value, name, value …; empty when none. */
  public List<String> responseHeaders() {
    return responseHeaders == null ? List.of() : responseHeaders;
  }

  /** Records which deployment is serving (or last tried to serve) this request. */
  public void servedBy(String providerName, String deploymentId, String model) {
    this.provider = providerName;
    this.deployment = deploymentId;
    this.upstreamModel = model;
    this.attempts++;
  }

  /**
   * Asks the edge not to name the provider and deployment in the answer's headers (a
   * transformation rule hides them); routing, accounting and logs still see them.
   */
  public void hideServedBy() {
    servedByHidden = true;
  }

  /** Whether the answer's headers must not name the provider and deployment. */
  public boolean servedByHidden() {
    return servedByHidden;
  }

  public String provider() {
    return provider;
  }

  public String deployment() {
    return deployment;
  }

  public String upstreamModel() {
    return upstreamModel;
  }

  /** How many upstream attempts were made. */
  public int attempts() {
    return attempts;
  }

  /** Adds time spent waiting for upstreams (to headers for streams, to the full body otherwise). */
  public void addUpstreamNanos(long nanos) {
    upstreamNanos += nanos;
  }

  public long upstreamNanos() {
    return upstreamNanos;
  }

  /** Marks that bytes reached the client: from now on nothing may be retried or replaced. */
  public void commit() {
    committed = true;
  }

  public boolean committed() {
    return committed;
  }

  /** Registers work to undo when the client goes away (e.g. reset the upstream request). */
  public void onCancel(Runnable hook) {
    if (cancelled) {
      hook.run();
      return;
    }
    if (cancelHooks == null) {
      cancelHooks = new ArrayList<>(2);
    }
    cancelHooks.add(hook);
  }

  /** Called by the edge when the client disconnected before the answer was complete. */
  public void cancel() {
    if (cancelled) {
      return;
    }
    cancelled = true;
    if (cancelHooks != null) {
      for (Runnable r : cancelHooks) {
        r.run();
      }
    }
  }

  public boolean cancelled() {
    return cancelled;
  }
}
