package dev.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.provider.Json;
import dev.switchboard.store.Database;
import dev.switchboard.store.SqlGovernanceStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What every governance admin contract needs: the API on a real HTTP server over a real store,
 * a client, and helpers that build a small organisation through the API. Implemented once per
 * database engine by {@link GovernanceAdminHarness}.
 */
interface GovernanceFixture {
  HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  String TENANT = GovernanceCall.TENANT_HEADER;
  String ACTOR = GovernanceCall.ACTOR_HEADER;

  /** Port of the API whose store can encrypt provider credentials. */
  int port();

  /** Port of the same API over a store without an encryption key. */
  int portWithoutEncryptionKey();

  SqlGovernanceStore store();

  Database db();

  /** Makes {@link KeyInvalidation} throw (true) or work again (false). */
  void invalidationFails(boolean fails);

  /** Key ids passed to {@link KeyInvalidation}, in order. */
  List<String> invalidated();

  /** An HTTP answer: status and parsed JSON body. */
  record Resp(int status, JsonNode json, String text) {
    /** The error's {@code param}, or null. */
    String param() {
      JsonNode p = json.path("error").path("param");
      return p.isTextual() ? p.asText() : null;
    }

    String message() {
      return json.path("error").path("message").asText();
    }
  }

  /** A tenant with one department, team and user, made through the API. */
  record Org(String tenant, String department, String team, String user, String email) {}

  static String uid() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  static ObjectNode json(Object... pairs) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    for (int i = 0; i < pairs.length; i += 2) {
      n.set((String) pairs[i], Json.MAPPER.valueToTree(pairs[i + 1]));
    }
    return n;
  }

  /** Sends a request; {@code body} is a JsonNode, raw text, or null; headers name/value pairs. */
  default Resp send(int port, String method, String path, Object body, String... headers) {
    String text = body == null ? null : body instanceof String s ? s : body.toString();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, text == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(text));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = r.body().isEmpty() ? Json.MAPPER.createObjectNode()
          : Json.MAPPER.readTree(r.body());
      return new Resp(r.statusCode(), json, r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  default Resp send(String method, String path, Object body, String... headers) {
    return send(port(), method, path, body, headers);
  }

  /** A request that must answer 200; its JSON. */
  default JsonNode ok(String method, String path, Object body, String... headers) {
    Resp r = send(method, path, body, headers);
    assertThat(r.status()).as(method + " " + path + " → " + r.text()).isEqualTo(200);
    return r.json();
  }

  /** A request that must fail with {@code status}; the answer. */
  default Resp fails(int status, String method, String path, Object body, String... headers) {
    Resp r = send(method, path, body, headers);
    assertThat(r.status()).as(method + " " + path + " → " + r.text()).isEqualTo(status);
    assertThat(r.message()).isNotBlank();
    return r;
  }

  default String create(String path, Object body, String... headers) {
    return ok("POST", path, body, headers).path("id").asText();
  }

  /** A tenant, department, team and user with unique names. */
  default Org newOrg(String label) {
    String n = label + "-" + uid();
    String t = create("/admin/tenants", json("name", n));
    String d = create("/admin/departments", json("tenant_id", t, "name", "dept " + n));
    String team = create("/admin/teams", json("department_id", d, "name", "team " + n));
    String email = n + "@example.com";
    String u = create("/admin/users", json("team_id", team, "email", email, "name", "U " + n));
    return new Org(t, d, team, u, email);
  }

  /** A key of the org's user: the whole creation answer (with the plaintext). */
  default JsonNode newKey(Org org, String name) {
    return ok("POST", "/admin/keys", json("user_id", org.user(), "name", name));
  }

  /** Header pair for a caller limited to one tenant. */
  static String[] as(String tenantId) {
    return new String[] {TENANT, tenantId};
  }
}
