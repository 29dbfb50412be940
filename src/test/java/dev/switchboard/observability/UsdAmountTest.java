package dev.switchboard.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UsdAmountTest {

  private static String usd(double v) {
    return UsdAmount.append(new StringBuilder(), v).toString();
  }

  @Test
  void writesPlainDecimalsWithoutExponentsOrTrailingZeros() {
    assertThat(usd(0)).isEqualTo("0");
    assertThat(usd(2.4e-6)).isEqualTo("0.0000024");
    assertThat(usd(0.000125)).isEqualTo("0.000125");
    assertThat(usd(1.5)).isEqualTo("1.5");
    assertThat(usd(12)).isEqualTo("12");
    assertThat(usd(1e-10)).isEqualTo("0.0000000001");
    assertThat(usd(4e-11)).isEqualTo("0");
    assertThat(usd(-0.25)).isEqualTo("-0.25");
    assertThat(usd(1e12)).isEqualTo("1.0E12");
  }

  @Test
  void isWithinOneTenBillionthOfTheExactValue() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      double v = r.nextDouble() * Math.pow(10, r.nextInt(-9, 4));
      String written = usd(v);
      assertThat(written).as("%s", v).matches("\\d+(\\.\\d{0,9}[1-9])?");
      // The product v * 10^10 rounds once, so a half-way case may land one unit off.
      assertThat(new BigDecimal(written).subtract(new BigDecimal(v)).abs())
          .as("%s written as %s", v, written).isLessThanOrEqualTo(new BigDecimal("1e-10"));
    }
  }
}
