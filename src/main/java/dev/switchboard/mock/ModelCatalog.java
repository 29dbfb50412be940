package dev.switchboard.mock;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code GET /v1/models} and {@code GET /v1/models/{id}} report: a handful of well-known
 * OpenAI models plus every model name a client has already used on a data path of this simulator.
 *
 * <p>Decision: an id that is neither known nor yet used gets OpenAI's 404 {@code model_not_found},
 * so clients' "model exists?" probes behave as upstream; but since the simulator answers any model
 * in chat, a model once asked for is listed and retrievable from then on. Thread-safe: shared by
 * every event loop; the set of used names is capped so a benchmark with random names cannot grow it
 * without bound.
 */
final class ModelCatalog {

  /** A model object's fixed fields. */
  private record Model(long created, String ownedBy) {}

  private static final int MAX_SEEN = 1000;
  private static final Map<String, Model> KNOWN = new LinkedHashMap<>();

  static {
    KNOWN.put("gpt-4o", new Model(1715367049L, "system"));
    KNOWN.put("gpt-4o-mini", new Model(1721172741L, "system"));
    KNOWN.put("gpt-4.1", new Model(1744316542L, "system"));
    KNOWN.put("gpt-4.1-mini", new Model(1744318173L, "system"));
    KNOWN.put("o3-mini", new Model(1737146383L, "system"));
    KNOWN.put("gpt-3.5-turbo", new Model(1677610602L, "openai"));
    KNOWN.put("gpt-3.5-turbo-instruct", new Model(1692901427L, "system"));
    KNOWN.put("text-embedding-3-small", new Model(1705948997L, "system"));
    KNOWN.put("text-embedding-3-large", new Model(1705953180L, "system"));
    KNOWN.put("text-embedding-ada-002", new Model(1671217299L, "openai-internal"));
    KNOWN.put("dall-e-3", new Model(1698785189L, "system"));
    KNOWN.put("dall-e-2", new Model(1698798177L, "system"));
    KNOWN.put("gpt-image-1", new Model(1745517030L, "system"));
  }

  /** Model name → epoch second of its first use, reported as {@code created}. */
  private final Map<String, Long> seen = new ConcurrentHashMap<>();

  void noteUsed(String model) {
    if (model != null && !KNOWN.containsKey(model) && seen.size() < MAX_SEEN) {
      seen.putIfAbsent(model, MockHttp.nowSeconds());
    }
  }

  Buffer list() {
    return MockJson.write(g -> {
      g.writeStartObject();
      g.writeStringField("object", "list");
      g.writeArrayFieldStart("data");
      for (Map.Entry<String, Model> e : KNOWN.entrySet()) {
        writeModel(g, e.getKey(), e.getValue().created(), e.getValue().ownedBy());
      }
      for (Map.Entry<String, Long> e : new java.util.TreeMap<>(seen).entrySet()) {
        writeModel(g, e.getKey(), e.getValue(), "switchboard-mock");
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /** The model object for {@code id}; throws the 404 envelope when the id is unknown and unused. */
  Buffer retrieve(String id) {
    Model known = KNOWN.get(id);
    Long firstUse = seen.get(id);
    if (known == null && firstUse == null) {
      throw MockErrors.modelNotFound(id);
    }
    long created = known != null ? known.created() : firstUse;
    String owner = known != null ? known.ownedBy() : "switchboard-mock";
    return MockJson.write(g -> writeModel(g, id, created, owner));
  }

  private static void writeModel(
      com.fasterxml.jackson.core.JsonGenerator g, String id, long created, String ownedBy)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("id", id);
    g.writeStringField("object", "model");
    g.writeNumberField("created", created);
    g.writeStringField("owned_by", ownedBy);
    g.writeEndObject();
  }
}
