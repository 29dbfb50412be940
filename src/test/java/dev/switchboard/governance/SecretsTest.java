package dev.switchboard.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Virtual key format and hashing; credential encryption bound to its owner. */
class SecretsTest {
  private static final String KEY_B64 = Base64.getEncoder().encodeToString(new byte[32]);

  @Test
  void keysAreRandomWellFormedAndOnlyTheirHashIsComparable() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String k = ApiKeys.generate();
      assertThat(ApiKeys.looksLikeKey(k)).isTrue();
      assertThat(seen.add(k)).isTrue();
    }
    String k = ApiKeys.generate();
    assertThat(ApiKeys.hash(k)).hasSize(64).isEqualTo(ApiKeys.hash(k)).doesNotContain(k);
    assertThat(ApiKeys.hint(k)).startsWith("sk-sb-").contains("…").hasSizeLessThan(14);
    assertThat(ApiKeys.looksLikeKey("sk-sb-short")).isFalse();
    assertThat(ApiKeys.looksLikeKey("sk-proj-" + k.substring(6))).isFalse();
  }

  @Test
  void credentialsDecryptOnlyForTheirOwnerAndKey() {
    CredentialCipher c = CredentialCipher.fromKeyText(KEY_B64);
    String sealed = c.encrypt("sk-provider-secret", "tenant-a");
    assertThat(sealed).startsWith("v1:").doesNotContain("secret");
    assertThat(c.encrypt("sk-provider-secret", "tenant-a")).as("fresh nonce").isNotEqualTo(sealed);
    assertThat(c.decrypt(sealed, "tenant-a")).isEqualTo("sk-provider-secret");
    assertThatThrownBy(() -> c.decrypt(sealed, "tenant-b"))
        .isInstanceOf(IllegalArgumentException.class);
    CredentialCipher other = CredentialCipher.fromKeyText("ab".repeat(32));
    assertThatThrownBy(() -> other.decrypt(sealed, "tenant-a"))
        .hasMessageContaining("SWITCHBOARD_ENCRYPTION_KEY");
    String tampered = sealed.substring(0, sealed.length() - 4) + "AAAA";
    assertThatThrownBy(() -> c.decrypt(tampered, "tenant-a"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CredentialCipher.fromKeyText("too-short"))
        .hasMessageContaining("openssl rand -base64 32");
    assertThat(CredentialCipher.mask("sk-provider-secret")).isEqualTo("••••cret");
  }
}
