package dev.switchboard.policy.guardrail;

/**
 * The check digits that separate real card numbers and IBANs from random digit strings: the Luhn
 * mod-10 sum and the ISO 13616 mod-97 check. Stateless.
 */
final class Checksums {
  private Checksums() {}

  /** Whether the digits of {@code s} (other chars ignored) pass the Luhn check. */
  static boolean luhn(CharSequence s) {
    int sum = 0;
    int digits = 0;
    boolean doubled = false;
    for (int i = s.length() - 1; i >= 0; i--) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (doubled) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      digits++;
      doubled = !doubled;
    }
    return digits > 0 && sum % 10 == 0;
  }

  /**
   * Whether {@code s} (spaces ignored) is an IBAN with valid check digits: the first four chars
   * moved to the end, letters as 10..35, the whole number mod 97 equal to 1.
   */
  static boolean iban(CharSequence s) {
    StringBuilder compact = new StringBuilder(34);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != ' ') {
        compact.append(Character.toUpperCase(c));
      }
    }
    if (compact.length() < 15 || compact.length() > 34) {
      return false;
    }
    String rearranged = compact.substring(4) + compact.substring(0, 4);
    int mod = 0;
    for (int i = 0; i < rearranged.length(); i++) {
      char c = rearranged.charAt(i);
      if (c >= '0' && c <= '9') {
        mod = (mod * 10 + (c - '0')) % 97;
      } else if (c >= 'A' && c <= 'Z') {
        mod = (mod * 100 + (c - 'A' + 10)) % 97;
      } else {
        return false;
      }
    }
    return mod == 1;
  }
}
