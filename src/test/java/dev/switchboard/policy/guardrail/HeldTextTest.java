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
  void everyKindSurvivesEverySplitAndKeywordsStayWholeWords() {
    String text = "IBAN GB82 WEST 1234 5698 7654 32, SSN 078-05-1120, Bearer abcdefghijklmnop"
        + "qrstuvwxyz ok; falcon, not falconry. Order 4111111111111112 stays.";
    String expected = "IBAN [REDACTED:IBAN], SSN [REDACTED:SSN], [REDACTED:SECRET] ok;"
        + " [REDACTED:words], not falconry. Order 4111111111111112 stays.";
    BuiltInGuardrail pii = pii("redact");
    BuiltInGuardrail words = BuiltInGuardrail.compile(new GuardrailsSpec.Rule("words",
        "deny_list", false, true, "redact",
        new GuardrailsSpec.Scope(List.of(), List.of(), List.of(), List.of()),
        new GuardrailsSpec.DenyList(List.of("falcon"), List.of(), 1)));
    int holdback = Math.max(pii.detector().maxMatchChars(), words.detector().maxMatchChars());
    for (int size = 1; size <= 9; size++) {
      HeldText held = new HeldText(List.of(pii, words), holdback, (r, f) -> {});
      List<String> pieces = new ArrayList<>();
      for (int i = 0; i < text.length(); i += size) {
        pieces.add(text.substring(i, Math.min(text.length(), i + size)));
      }
      assertThat(stream(held, pieces)).as("pieces of %d", size).isEqualTo(expected);
    }
  }

  @Test
  void textIsReleasedOnceItCannotBePartOfAMatch() {
    BuiltInGuardrail g = pii("redact");
    int holdback = g.detector().maxMatchChars();
    HeldText held = new HeldText(List.of(g), holdback, (r, f) -> {});
    // a long run of letters could still end in "@example.com": at most the longest match waits
    String first = held.push("x".repeat(holdback + 50), false);
    assertThat(first.length()).isGreaterThanOrEqualTo(50);
    assertThat(first + held.push("", true)).isEqualTo("x".repeat(holdback + 50));
    // ordinary words cannot grow into a match once a space follows them: nothing waits
    HeldText words = new HeldText(List.of(g), holdback, (r, f) -> {});
    assertThat(words.push("Hello there, my friend. ", false)).isEqualTo("Hello there, my friend. ");
    assertThat(words.push("Mail me", false)).isEqualTo("Mail ");
    assertThat(words.push(" at", false)).isEqualTo("me ");
  }

  @Test
  void eachMatchIsDecidedOnceAndABlockingSinkEndsTheStream() {
    BuiltInGuardrail g = pii("block");
    List<String> decided = new ArrayList<>();
    HeldText held = new HeldText(List.of(g), g.detector().maxMatchChars(), (r, f) -> {
      decided.add(f.label());
      throw new IllegalStateException("blocked");
    });
    assertThat(held.push("mail bob@exam", false)).isEqualTo("mail ");
    assertThat(held.push("ple.o", false)).isEmpty();
    assertThat(decided).isEmpty();
    // the address is complete once a char follows that cannot extend it
    assertThatThrownBy(() -> held.push("rg and more", false)).hasMessage("blocked");
    assertThat(decided).containsExactly("EMAIL");
  }
}
