package dev.switchboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/openapi/admin.yaml} honest against the running API: every documented
 * operation is routed, every other method on a documented path answers 405, and the query
 * parameters and body fields each operation accepts are exactly the documented ones. The API's
 * own "unknown field" answers list what it accepts, which is what is compared; no request here
 * changes anything.
 */
interface GovernanceOpenApiContract extends GovernanceFixture {
  List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
  Pattern ACCEPTS = Pattern.compile("This request accepts: (.*)\\.$");

  private static JsonNode spec() throws IOException {
    return new ObjectMapper(new YAMLFactory()).readTree(Path.of("docs/openapi/admin.yaml")
        .toFile());
  }

  private static JsonNode resolve(JsonNode spec, JsonNode n) {
    while (n.has("$ref")) {
      String[] parts = n.path("$ref").asText().substring(2).split("/");
      JsonNode target = spec;
      for (String p : parts) {
        target = target.path(p);
      }
      n = target;
    }
    return n;
  }

  /** The path with real ids of {@code o} (and its key {@code key}) in place of parameters. */
  private static String concrete(String template, Org o, String key) {
    String id = switch (template.split("/")[2]) {
      case "tenants" -> o.tenant();
      case "departments" -> o.department();
      case "teams" -> o.team();
      case "users" -> o.user();
      default -> key;
    };
    return template.replace("{id}", id).replace("{provider}", "openai");
  }

  private static TreeSet<String> accepted(Resp r) {
    Matcher m = ACCEPTS.matcher(r.message());
    assertThat(m.find()).as(r.text()).isTrue();
    String list = m.group(1);
    return new TreeSet<>(list.equals("none") || list.equals("no fields") ? List.of()
        : Arrays.asList(list.split(", ")));
  }

  private static TreeSet<String> documentedQuery(JsonNode spec, JsonNode op) {
    TreeSet<String> out = new TreeSet<>();
    for (JsonNode p : op.path("parameters")) {
      JsonNode param = resolve(spec, p);
      if (param.path("in").asText().equals("query")) {
        out.add(param.path("name").asText());
      }
    }
    return out;
  }

  private static TreeSet<String> documentedFields(JsonNode spec, JsonNode op) {
    JsonNode schema = resolve(spec, op.path("requestBody").path("content")
        .path("application/json").path("schema"));
    TreeSet<String> out = new TreeSet<>();
    schema.path("properties").fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  default void theOpenApiDocumentMatchesTheApi() throws IOException {
    JsonNode spec = spec();
    assertThat(spec.path("openapi").asText()).startsWith("3.1");
    Org o = newOrg("openapi");
    String key = newKey(o, "k").path("id").asText();
    List<String> problems = new ArrayList<>();
    assertThat(spec.path("paths").size()).as("paths in docs/openapi/admin.yaml")
        .isGreaterThanOrEqualTo(20);
    for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      String url = concrete(path.getKey(), o, key);
      for (String method : METHODS) {
        JsonNode op = path.getValue().get(method);
        String m = method.toUpperCase(java.util.Locale.ROOT);
        if (op == null) {
          Resp r = send(m, url, "{}");
          if (r.status() != 405) {
            problems.add(m + " " + path.getKey() + " is undocumented but answers " + r.status());
          }
          continue;
        }
        Resp q = send(m, url + "?zz_q=1", null);
        if (q.status() != 400 || !"zz_q".equals(q.param())) {
          problems.add(m + " " + path.getKey() + " ?zz_q → " + q.text());
        } else if (!accepted(q).equals(documentedQuery(spec, op))) {
          problems.add(m + " " + path.getKey() + " accepts query " + accepted(q)
              + " but documents " + documentedQuery(spec, op));
        }
        if (op.has("requestBody") || path.getKey().endsWith("/revoke")) {
          Resp b = send(m, url, "{\"zz_b\": 1}");
          if (b.status() != 400 || !"zz_b".equals(b.param())) {
            problems.add(m + " " + path.getKey() + " {zz_b} → " + b.text());
          } else if (!accepted(b).equals(documentedFields(spec, op))) {
            problems.add(m + " " + path.getKey() + " accepts fields " + accepted(b)
                + " but documents " + documentedFields(spec, op));
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }
}
