package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  private static final List<String> SERVER = List.of("host", "port", "master_key", "access_log");

  @Test
  void suggestsTheClosestName() {
    assertThat(DidYouMean.hint("master_kye", SERVER)).isEqualTo(" (did you mean 'master_key'?)");
    assertThat(DidYouMean.hint("prot", SERVER)).isEqualTo(" (did you mean 'port'?)");
    assertThat(DidYouMean.hint("Access_Log", SERVER)).isEqualTo(" (did you mean 'access_log'?)");
  }

  @Test
  void listsTheNamesWhenNothingIsClose() {
    assertThat(DidYouMean.hint("timeout", SERVER))
        .isEqualTo(" (expected one of: access_log, host, master_key, port)");
  }

  @Test
  void transpositionCostsOneEdit() {
    assertThat(DidYouMean.distance("kye", "key")).isEqualTo(1);
    assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
  }
}
