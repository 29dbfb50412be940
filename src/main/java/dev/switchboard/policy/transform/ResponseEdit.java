package dev.switchboard.policy.transform;

import dev.switchboard.config.TransformsSpec.ResponseActions;
import dev.switchboard.config.TransformsSpec.Template;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rule's answer changes, compiled: fields to remove, the model name to answer with, whether to
 * hide the serving provider, and the {@code switchboard} metadata fields. Several rules are merged
 * per request into a {@link ResponsePlan}.
 *
 * <p>Threading: immutable, shared by every event loop.
 */
final class ResponseEdit {
  final List<String> remove;
  /** Null to keep the provider's model name. */
  final Template model;
  final boolean hideProvider;
  /** In declared order. */
  final Map<String, Template> metadata;

  ResponseEdit(ResponseActions a) {
    this.remove = a.remove();
    this.model = a.model() == null ? null : Template.parse(a.model());
    this.hideProvider = a.hideProvider();
    Map<String, Template> meta = new LinkedHashMap<>();
    a.metadata().forEach((k, v) -> meta.put(k, Template.parse(v)));
    this.metadata = Collections.unmodifiableMap(meta);
  }
}
