package dev.switchboard.admin;

import static dev.switchboard.admin.GovernanceFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.governance.ApiKeys;
import dev.switchboard.governance.KeyRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Virtual keys: the plaintext once, hashes only in the store, changes reach the key caches. */
interface GovernanceKeyContract extends GovernanceFixture {

  @Test
  default void aKeyIsShownOnceAndOnlyItsHashIsStored() {
    Org o = newOrg("keys");
    JsonNode created = ok("POST", "/admin/keys", json("user_id", o.user(), "name", "ci",
        "models", List.of("gpt-4o", "claude"), "metadata", Map.of("env", "prod")));
    String key = created.path("key").asText();
    String id = created.path("id").asText();
    assertThat(ApiKeys.looksLikeKey(key)).isTrue();
    assertThat(created.path("hint").asText()).isEqualTo(ApiKeys.hint(key));
    assertThat(created.path("status").asText()).isEqualTo("active");
    assertThat(created.path("tenant_id").asText()).isEqualTo(o.tenant());
    assertThat(created.path("expires_at").isNull()).isTrue();

    KeyRecord stored = store().keys().findByHash(ApiKeys.hash(key)).orElseThrow();
    assertThat(stored.id()).isEqualTo(id);
    assertThat(stored.models()).containsExactly("gpt-4o", "claude");
    assertThat(stored.metadata()).containsEntry("env", "prod");
    assertThat(stored.teamId()).isEqualTo(o.team());

    // Never again: not by id, not in lists, not in the audit log; nor the hash.
    for (Resp r : List.of(send("GET", "/admin/keys/" + id, null),
        send("GET", "/admin/keys?user_id=" + o.user(), null), send("GET", "/admin/keys", null),
        send("GET", "/admin/audit?tenant_id=" + o.tenant(), null))) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).doesNotContain(key).doesNotContain(ApiKeys.hash(key))
          .doesNotContain("\"key\":");
    }
    JsonNode one = ok("GET", "/admin/keys/" + id, null);
    assertThat(one.has("key")).isFalse();
    assertThat(one.path("models")).hasSize(2);
    assertThat(one.path("metadata").path("env").asText()).isEqualTo("prod");
    assertThat(ok("GET", "/admin/keys?user_id=" + o.user(), null).path("data")).hasSize(1);
  }

  @Test
  default void expiryTakesIsoTimesAndEpochSeconds() {
    Org o = newOrg("expiry");
    Instant in = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    JsonNode iso = ok("POST", "/admin/keys", json("user_id", o.user(), "name", "iso",
        "expires_at", in.toString()));
    assertThat(iso.path("expires_at").asText()).isEqualTo(in.toString());
    JsonNode secs = ok("POST", "/admin/keys", json("user_id", o.user(), "name", "secs",
        "expires_at", in.getEpochSecond()));
    assertThat(secs.path("expires_at").asText()).isEqualTo(in.toString());
    assertThat(store().keys().findByHash(ApiKeys.hash(secs.path("key").asText())).orElseThrow()
        .expiresAtMillis()).isEqualTo(in.toEpochMilli());
    JsonNode offset = ok("POST", "/admin/keys", json("user_id", o.user(), "name", "offset",
        "expires_at", in.atOffset(java.time.ZoneOffset.ofHours(2)).toString()));
    assertThat(offset.path("expires_at").asText()).isEqualTo(in.toString());
    // null clears the expiry.
    String id = iso.path("id").asText();
    assertThat(ok("PATCH", "/admin/keys/" + id, "{\"expires_at\": null}").path("expires_at")
        .isNull()).isTrue();
    Resp past = fails(400, "POST", "/admin/keys", json("user_id", o.user(), "name", "old",
        "expires_at", "2020-01-01T00:00:00Z"));
    assertThat(past.param()).isEqualTo("expires_at");
  }

  @Test
  default void everyKeyChangeInvalidatesTheCachedKey() {
    Org o = newOrg("inval");
    JsonNode created = newKey(o, "k");
    String id = created.path("id").asText();
    String hash = ApiKeys.hash(created.path("key").asText());
    int before = invalidated().size();

    JsonNode patched = ok("PATCH", "/admin/keys/" + id, json("name", "renamed", "models",
        List.of("gpt-4o")));
    assertThat(patched.path("name").asText()).isEqualTo("renamed");
    assertThat(invalidated().subList(before, invalidated().size())).containsExactly(id);
    assertThat(store().keys().findByHash(hash).orElseThrow().models()).containsExactly("gpt-4o");

    JsonNode revoked = ok("POST", "/admin/keys/" + id + "/revoke", null);
    assertThat(revoked.path("status").asText()).isEqualTo("revoked");
    String revokedAt = revoked.path("revoked_at").asText();
    assertThat(revokedAt).isNotEmpty();
    assertThat(store().keys().findByHash(hash).orElseThrow().revoked()).isTrue();
    // Idempotent: the first revocation time stays.
    assertThat(ok("POST", "/admin/keys/" + id + "/revoke", "{}").path("revoked_at").asText())
        .isEqualTo(revokedAt);
    assertThat(invalidated().subList(before, invalidated().size())).containsOnly(id)
        .hasSize(3);

    ok("DELETE", "/admin/keys/" + id, null);
    assertThat(invalidated().get(invalidated().size() - 1)).isEqualTo(id);
    assertThat(store().keys().findByHash(hash)).isEmpty();
    fails(404, "GET", "/admin/keys/" + id, null);
    fails(404, "POST", "/admin/keys/" + id + "/revoke", null);
    fails(405, "GET", "/admin/keys/" + id + "/revoke", null);
  }

  @Test
  default void aFailedInvalidationStillSavesAndAuditsButSaysSo() {
    Org o = newOrg("inval-fail");
    JsonNode created = newKey(o, "k");
    String id = created.path("id").asText();
    invalidationFails(true);
    Resp r;
    try {
      r = send("POST", "/admin/keys/" + id + "/revoke", null);
    } finally {
      invalidationFails(false);
    }
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.message()).contains("saved and audited").contains("key caches");
    assertThat(store().keys().findByHash(ApiKeys.hash(created.path("key").asText()))
        .orElseThrow().revoked()).isTrue();
    assertThat(ok("GET", "/admin/audit?tenant_id=" + o.tenant() + "&limit=1", null).path("data")
        .get(0).path("action").asText()).isEqualTo("key.revoke");
    // Repeating the revocation re-sends the invalidation.
    ok("POST", "/admin/keys/" + id + "/revoke", null);
    assertThat(invalidated().get(invalidated().size() - 1)).isEqualTo(id);
  }

  @Test
  default void movingAUserOrTeamInvalidatesTheirKeys() {
    Org o = newOrg("move");
    String k1 = newKey(o, "a").path("id").asText();
    String k2 = newKey(o, "b").path("id").asText();
    String team2 = create("/admin/teams", json("department_id", o.department(), "name", "t2"));
    int mark = invalidated().size();
    ok("PATCH", "/admin/users/" + o.user(), json("team_id", team2));
    assertThat(invalidated().subList(mark, invalidated().size()))
        .containsExactlyInAnyOrder(k1, k2);
    String d2 = create("/admin/departments", json("tenant_id", o.tenant(), "name", "d2"));
    mark = invalidated().size();
    ok("PATCH", "/admin/teams/" + team2, json("department_id", d2));
    assertThat(invalidated().subList(mark, invalidated().size()))
        .containsExactlyInAnyOrder(k1, k2);
    // A rename moves nothing, so no key is touched.
    mark = invalidated().size();
    ok("PATCH", "/admin/users/" + o.user(), json("name", "New Name"));
    assertThat(invalidated()).hasSize(mark);
    // A user who still has keys cannot be deleted.
    assertThat(fails(400, "DELETE", "/admin/users/" + o.user(), null).message())
        .contains("still has keys");
  }
}
