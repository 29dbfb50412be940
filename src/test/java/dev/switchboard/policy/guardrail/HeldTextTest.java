package dev.switchboard.policy.guardrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.GuardrailsSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldTextTest {

  private static BuiltInGuardrail pii(String action) {
    return BuiltInGuardrail.compile(new GuardrailsSpec.Rule("pii", "pii", false, true, action,
        new GuardrailsSpec.Scope(List.of(), List.of(), List.of(), List.of()),
        new GuardrailsSpec.Pii(GuardrailsSpec.ENTITIES)));
  }

  private static String stream(HeldText held, List<String> pieces) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pieces.size(); i++) {
      out.append(held.push(pieces.get(i), i == pieces.size() - 1));
    }
    return out.toString();
  }

  @Test
  void anEmailSplitAtEveryPossiblePointIsRedacted() {
    String text = "Sure! Write to alice.smith@example.com or call 415-555-0132, thanks.";
    String expected = "Sure! Write to [REDACTED:EMAIL] or call [REDACTED:PHONE], thanks.";
    BuiltInGuardrail g = pii("redact");
    for (int cut = 1; cut < text.length(); cut++) {
      for (int cut2 = cut + 1; cut2 < text.length(); cut2 += 7) {
        HeldText held = new HeldText(List.of(g), g.detector().maxMatchChars(), (r, f) -> {});
        String out = stream(held, List.of(text.substring(0, cut), text.substring(cut, cut2),
            text.substring(cut2)));
        assertThat(out).as("cuts at %d and %d", cut, cut2).isEqualTo(expected);
      }
    }
  }

  @Test
  void characterByCharacterStreamsAreRedactedToo() {
    String text = "card 4111 1111 1111 1111 and key AKIAIOSFODNN7EXAMPLE.";
    BuiltInGuardrail g = pii("redact");
    HeldText held = new HeldText(List.of(g), g.detector().maxMatchChars(), (r, f) -> {});
    List<String> chars = text.chars().mapToObj(c -> String.valueOf((char) c)).toList();
    assertThat(stream(held, chars))
        .isEqualTo("card [REDACTED:CREDIT_CARD] and key [REDACTED:SECRET].");
  }

  @Test
  void textIsReleasedOnceItCannotBePartOfAMatch() {
    BuiltInGuardrail g = pii("redact");
    int holdback = g.detector().maxMatchChars();
    HeldText held = new HeldText(List.of(g), holdback, (r, f) -> {});
    String first = held.push("x".repeat(holdback + 50), false);
    assertThat(first).hasSize(50);
    assertThat(held.push("", true)).hasSize(holdback);
  }

  @Test
  void eachMatchIsDecidedOnceAndABlockingSinkEndsTheStream() {
    BuiltInGuardrail g = pii("block");
    List<String> decided = new ArrayList<>();
    HeldText held = new HeldText(List.of(g), g.detector().maxMatchChars(), (r, f) -> {
      decided.add(f.label());
      throw new IllegalStateException("blocked");
    });
    held.push("mail bob@exam", false);
    held.push("ple.org and then some more text", false);
    assertThat(decided).isEmpty();
    assertThatThrownBy(() -> held.push(" end", true)).hasMessage("blocked");
    assertThat(decided).containsExactly("EMAIL");
  }
}
