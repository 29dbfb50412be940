package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvInterpolatorTest {
  private static final Map<String, String> ENV =
      Map.of("KEY", "sk-123", "EMPTY", "", "HOST", "example.com", "WEIRD", "a ${B} c");

  private static String ok(String text) {
    EnvInterpolator.Result r = EnvInterpolator.interpolate(text, ENV);
    assertThat(r.errors()).isEmpty();
    return r.value();
  }

  @Test
  void expandsSetVariables() {
    assertThat(ok("${KEY}")).isEqualTo("sk-123");
    assertThat(ok("https://${HOST}/v1?k=${KEY}")).isEqualTo("https://example.com/v1?k=sk-123");
  }

  @Test
  void setButEmptyVariableIsEmptyNotAnError() {
    assertThat(ok("[${EMPTY}]")).isEqualTo("[]");
  }

  @Test
  void unsetVariableIsAnErrorNamingIt() {
    EnvInterpolator.Result r = EnvInterpolator.interpolate("${OPENAI_API_KEY}", ENV);
    assertThat(r.ok()).isFalse();
    assertThat(r.errors()).containsExactly(
        "environment variable OPENAI_API_KEY is not set (use ${OPENAI_API_KEY:-} to allow empty)");
  }

  @Test
  void everyUnsetVariableIsReported() {
    assertThat(EnvInterpolator.interpolate("${A}-${B}", ENV).errors()).hasSize(2);
  }

  @Test
  void defaultsApplyWhenUnsetOrEmpty() {
    assertThat(ok("${PORT:-4000}")).isEqualTo("4000");
    assertThat(ok("${EMPTY:-fallback}")).isEqualTo("fallback");
    assertThat(ok("${KEY:-unused}")).isEqualTo("sk-123");
  }

  @Test
  void defaultMayBeEmptyOrContainSpacesAndColons() {
    assertThat(ok("${NOPE:-}")).isEmpty();
    assertThat(ok("${NOPE:-http://localhost:11434/v1}")).isEqualTo("http://localhost:11434/v1");
    assertThat(ok("${NOPE:-two words: here}")).isEqualTo("two words: here");
  }

  @Test
  void defaultMayReferToAnotherVariable() {
    assertThat(ok("${NOPE:-${KEY}}")).isEqualTo("sk-123");
    assertThat(ok("${NOPE:-${ALSO_NOPE:-deep}}")).isEqualTo("deep");
  }

  @Test
  void doubleDollarEscapesAReference() {
    assertThat(ok("$${KEY}")).isEqualTo("${KEY}");
    assertThat(ok("price: $5, $$ and ${KEY}")).isEqualTo("price: $5, $$ and sk-123");
  }

  @Test
  void valuesAreNotExpandedAgain() {
    assertThat(ok("${WEIRD}")).isEqualTo("a ${B} c");
  }

  @Test
  void textWithoutReferencesIsUnchanged() {
    assertThat(ok("plain: text # not a comment")).isEqualTo("plain: text # not a comment");
  }

  @Test
  void malformedReferencesAreErrors() {
    assertThat(EnvInterpolator.interpolate("ab${KEY", ENV).errors())
        .containsExactly("unterminated '${' at character 3 (write $${ for a literal ${)");
    assertThat(EnvInterpolator.interpolate("${KEY:default}", ENV).errors().get(0))
        .contains("invalid reference '${KEY:default}'");
    assertThat(EnvInterpolator.interpolate("${}", ENV).errors()).hasSize(1);
  }
}
