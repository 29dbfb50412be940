package dev.switchboard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.OpsEndpoints;
import dev.switchboard.config.ConfigException;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.provider.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.function.Function;

/**
 * The admin endpoint of one policy's configuration section, {@code /admin/<policy>}: GET shows the
 * section in force, PUT replaces it with a section written as JSON, checked exactly like the file
 * and swapped whole or not at all, for this replica until it restarts. A policy may also answer
 * DELETE (the cache's flush).
 *
 * <p>Threading: called from every event loop; thread-safe if the {@link Section} is.
 */
public final class SectionEndpoint implements OpsEndpoints {

  /** The policy's side: what it shows, and how it takes a new section. */
  public interface Section {
    /** The JSON shown to GET (and answered to a successful PUT). */
    Buffer view();

    /**
     * Validates {@code section} and puts it in force.
     *
     * @throws ConfigException listing every problem, when nothing was changed
     * @throws GatewayException for a refusal of the policy's own (also nothing changed)
     */
    void replace(JsonNode section);
  }

  private final String path;
  private final String name;
  private final Section section;
  private final Function<HttpServerRequest, Future<Buffer>> delete;

  /**
   * @param name the section's name in the configuration ({@code guardrails} …)
   * @param delete answers DELETE, or null when the policy has nothing to delete
   */
  public SectionEndpoint(String name, Section section,
      Function<HttpServerRequest, Future<Buffer>> delete) {
    this.path = "/admin/" + name;
    this.name = name;
    this.section = section;
    this.delete = delete;
  }

  /** An endpoint answering GET and PUT only. */
  public SectionEndpoint(String name, Section section) {
    this(name, section, null);
  }

  @Override
  public boolean owns(String p) {
    return p.equals(path) || p.equals(path + "/");
  }

  @Override
  public Future<Buffer> answer(HttpServerRequest req) {
    HttpMethod m = req.method();
    if (m.equals(HttpMethod.GET)) {
      return Future.succeededFuture(section.view());
    }
    if (m.equals(HttpMethod.PUT)) {
      return req.body().map(this::replace);
    }
    if (delete != null && m.equals(HttpMethod.DELETE)) {
      return delete.apply(req);
    }
    return Future.failedFuture(GatewayException.of(ErrorKind.METHOD_NOT_ALLOWED,
        "Use " + (delete == null ? "GET or PUT" : "GET, PUT or DELETE") + " on " + path
            + " (GET shows the " + name + " section in force, PUT replaces it)."));
  }

  private Buffer replace(Buffer body) {
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(body.getBytes());
    } catch (IOException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      throw GatewayException.invalid(null, "The body must be the " + name + " section as a JSON"
          + " object, written as in the configuration file (GET " + path + " shows one).");
    }
    try {
      section.replace(json);
    } catch (ConfigException e) {
      throw GatewayException.invalid(null, "The " + name + " section has errors; nothing was"
          + " changed: " + String.join("; ", e.errors()));
    }
    return section.view();
  }
}
