package dev.switchboard.policy.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChecksumsTest {

  @Test
  void luhnAcceptsRealTestCardNumbersAndRejectsAChangedDigit() {
    assertThat(Checksums.luhn("4111111111111111")).isTrue();
    assertThat(Checksums.luhn("5500 0055 5555 5559")).isTrue();
    assertThat(Checksums.luhn("378282246310005")).isTrue();
    assertThat(Checksums.luhn("4111111111111112")).isFalse();
    assertThat(Checksums.luhn("1234567812345678")).isFalse();
  }

  @Test
  void luhnOfRandomNumbersPassesOnlyAboutOneInTen() {
    java.util.Random r = new java.util.Random(42);
    int passed = 0;
    for (int i = 0; i < 10_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int d = 0; d < 16; d++) {
        b.append(r.nextInt(10));
      }
      passed += Checksums.luhn(b) ? 1 : 0;
    }
    assertThat(passed).isBetween(900, 1100);
  }

  @Test
  void ibanChecksMod97() {
    assertThat(Checksums.iban("GB82WEST12345698765432")).isTrue();
    assertThat(Checksums.iban("GB82 WEST 1234 5698 7654 32")).isTrue();
    assertThat(Checksums.iban("DE89370400440532013000")).isTrue();
    assertThat(Checksums.iban("FR1420041010050500013M02606")).isTrue();
    assertThat(Checksums.iban("GB82WEST12345698765433")).isFalse();
    assertThat(Checksums.iban("GB82WEST1234")).isFalse();
  }
}
