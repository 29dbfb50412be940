package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
  @Test
  void durations() {
    assertThat(Units.parseDuration("500ms")).contains(Duration.ofMillis(500));
    assertThat(Units.parseDuration("30s")).contains(Duration.ofSeconds(30));
    assertThat(Units.parseDuration("5m")).contains(Duration.ofMinutes(5));
    assertThat(Units.parseDuration("1h")).contains(Duration.ofHours(1));
    assertThat(Units.parseDuration("45")).contains(Duration.ofSeconds(45));
    assertThat(Units.parseDuration(" 2 S ")).contains(Duration.ofSeconds(2));
    assertThat(Units.parseDuration("10MS")).contains(Duration.ofMillis(10));
  }

  @Test
  void invalidDurations() {
    assertThat(Units.parseDuration("")).isEmpty();
    assertThat(Units.parseDuration("abc")).isEmpty();
    assertThat(Units.parseDuration("1.5s")).isEmpty();
    assertThat(Units.parseDuration("-1s")).isEmpty();
    assertThat(Units.parseDuration("3d")).isEmpty();
    assertThat(Units.parseDuration("99999999999999999999h")).isEmpty();
  }

  @Test
  void sizes() {
    assertThat(Units.parseSize("1024")).hasValue(1024);
    assertThat(Units.parseSize("512kb")).hasValue(512L * 1024);
    assertThat(Units.parseSize("10MB")).hasValue(10L * 1024 * 1024);
    assertThat(Units.parseSize("1gb")).hasValue(1L << 30);
    assertThat(Units.parseSize("2 MiB")).hasValue(2L << 20);
    assertThat(Units.parseSize("7b")).hasValue(7);
  }

  @Test
  void invalidSizes() {
    assertThat(Units.parseSize("ten")).isEmpty();
    assertThat(Units.parseSize("10tb")).isEmpty();
    assertThat(Units.parseSize("1.5mb")).isEmpty();
    assertThat(Units.parseSize("9999999999999gb")).isEmpty();
  }
}
