package dev.switchboard.policy.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.pipeline.TransformedChunkStream;
import dev.switchboard.provider.Json;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What happens to one request's answer: the response edits of every rule that applies, merged in
 * declared order (removed fields add up, a later model name or metadata field wins) and rendered
 * for this request. Applied to a complete answer once, or to a stream chunk by chunk (the metadata
 * goes into the first chunk only).
 *
 * <p>Threading: one per request, used on its event loop.
 */
final class ResponsePlan {
  /** The object added to answers that carry metadata. */
  static final String METADATA_FIELD = "switchboard";

  private final Set<String> remove = new LinkedHashSet<>();
  private final List<Counter> applied = new ArrayList<>(2);
  private String model;
  private ObjectNode metadata;
  private boolean hideProvider;

  private ResponsePlan() {}

  /** The merged plan, or null when none of {@code rules} changes answers. */
  static ResponsePlan of(List<CompiledRule> rules, TemplateContext ctx) {
    ResponsePlan plan = null;
    for (CompiledRule rule : rules) {
      ResponseEdit e = rule.response();
      if (e == null) {
        continue;
      }
      if (plan == null) {
        plan = new ResponsePlan();
      }
      plan.remove.addAll(e.remove);
      if (e.model != null) {
        plan.model = ctx.render(e.model);
      }
      if (!e.metadata.isEmpty() && plan.metadata == null) {
        plan.metadata = JsonNodeFactory.instance.objectNode();
      }
      ResponsePlan p = plan;
      e.metadata.forEach((k, t) -> p.metadata.put(k, ctx.render(t)));
      plan.hideProvider |= e.hideProvider;
      plan.applied.add(rule.responseCounter());
    }
    return plan;
  }

  /** Whether the answer must not name the provider and deployment that served it. */
  boolean hideProvider() {
    return hideProvider;
  }

  /** The reply with its answer transformed; errors and non-JSON bodies pass unchanged. */
  Reply apply(Reply reply) {
    if (reply instanceof Reply.Streaming s) {
      countApplied();
      return new Reply.Streaming(new TransformedChunkStream(s.chunks(), new ResponseChunkRewriter(
          this)), s.usage());
    }
    Reply.Complete c = (Reply.Complete) reply;
    if (c.status() < 200 || c.status() >= 300) {
      return c;
    }
    Buffer edited = edit(c.body(), true);
    if (edited == null) {
      return c;
    }
    countApplied();
    return new Reply.Complete(c.status(), edited, c.finalUsage());
  }

  /**
   * One JSON object (an answer or a chunk) edited, or null when it is not a JSON object.
   *
   * @param withMetadata whether to add the metadata object
   */
  Buffer edit(Buffer json, boolean withMetadata) {
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(json.getBytes());
    } catch (IOException e) {
      return null;
    }
    if (!(tree instanceof ObjectNode o)) {
      return null;
    }
    for (String field : remove) {
      o.remove(field);
    }
    if (model != null && o.has("model")) {
      o.put("model", model);
    }
    if (withMetadata && metadata != null) {
      o.set(METADATA_FIELD, metadata);
    }
    try {
      return Buffer.buffer(Json.UTF8_WRITER.writeValueAsBytes(o));
    } catch (IOException e) {
      return null;
    }
  }

  private void countApplied() {
    for (Counter c : applied) {
      c.increment();
    }
  }
}
