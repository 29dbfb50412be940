package dev.switchboard.policy.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.GuardrailsSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PiiDetectorTest {
  private final PiiDetector all = new PiiDetector(GuardrailsSpec.ENTITIES);

  private List<String> labels(String text) {
    return all.find(text).stream().map(Finding::label).toList();
  }

  private String redact(String text) {
    return Redactor.apply(text, all.find(text));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "write to alice.smith+news@mail.example.co.uk today|write to [REDACTED:EMAIL] today",
      "call +1 415-555-0132 now|call [REDACTED:PHONE] now",
      "call (415) 555-0132 now|call [REDACTED:PHONE] now",
      "call +442079460958 now|call [REDACTED:PHONE] now",
      "card 4111 1111 1111 1111 ok|card [REDACTED:CREDIT_CARD] ok",
      "card 4111-1111-1111-1111.|card [REDACTED:CREDIT_CARD].",
      "iban GB82 WEST 1234 5698 7654 32 thanks|iban [REDACTED:IBAN] thanks",
      "iban DE89370400440532013000|iban [REDACTED:IBAN]",
      "ssn 078-05-1120 here|ssn [REDACTED:SSN] here",
      "key sk-proj-abcdefghijklmnopqrstuvwxyz012345 end|key [REDACTED:SECRET] end",
      "aws AKIAIOSFODNN7EXAMPLE end|aws [REDACTED:SECRET] end",
      "gh ghp_abcdefghijklmnopqrstuvwxyz0123456789 end|gh [REDACTED:SECRET] end",
      "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc|Authorization: [REDACTED:SECRET]"
  })
  void findsAndRedacts(String text, String expected) {
    assertThat(redact(text)).isEqualTo(expected);
  }

  @Test
  void aPrivateKeyBlockIsRedactedWhole() {
    String text = "here:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1x2y3z\n"
        + "abcdEFGH+/==\n-----END RSA PRIVATE KEY-----\nbye";
    assertThat(redact(text)).isEqualTo("here:\n[REDACTED:SECRET]\nbye");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "order 4111111111111112 shipped",
      "id 1234567812345678",
      "account GB82WEST12345698765433",
      "version 1.2.3 on 2024-01-15 at 10:30",
      "host 192.168.100.200 port 8080",
      "ticket 1234567890 closed",
      "the task-runner skips sk-short",
      "ssn-like 000-12-3456 and 123-45-67890"
  })
  void leavesLookAlikesAlone(String text) {
    assertThat(all.find(text)).isEmpty();
  }

  @Test
  void onlyTheChosenEntitiesAreDetected() {
    PiiDetector emails = new PiiDetector(List.of("email"));
    assertThat(emails.find("a@b.io and 078-05-1120")).extracting(Finding::label)
        .containsExactly("EMAIL");
    assertThat(labels("a@b.io and 078-05-1120")).containsExactlyInAnyOrder("EMAIL", "SSN");
  }

  @Test
  void everyMatchFitsTheDeclaredBound() {
    String longEmail = "a".repeat(64) + "@" + "b".repeat(40) + "." + "c".repeat(40) + "."
        + "d".repeat(40) + "." + "e".repeat(24);
    List<Finding> f = all.find(longEmail);
    assertThat(f).hasSize(1);
    assertThat(f.get(0).end() - f.get(0).start()).isLessThanOrEqualTo(all.maxMatchChars());
  }
}
