package dev.switchboard.policy.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void overlappingFindingsBecomeOneReplacementInAStableOrder() {
    String text = "0123456789abcdef";
    List<Finding> a = List.of(new Finding(2, 6, "B"), new Finding(0, 4, "A"),
        new Finding(10, 12, "C"));
    List<Finding> b = List.of(new Finding(10, 12, "C"), new Finding(0, 4, "A"),
        new Finding(2, 6, "B"));
    assertThat(Redactor.apply(text, a)).isEqualTo("[REDACTED:A]6789[REDACTED:C]cdef");
    assertThat(Redactor.apply(text, b)).isEqualTo(Redactor.apply(text, a));
  }

  @Test
  void noFindingsLeavesTheText() {
    assertThat(Redactor.apply("plain", List.of())).isEqualTo("plain");
  }
}
