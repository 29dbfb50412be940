package dev.switchboard.governance.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.governance.limits.LimitScope.Level;
import org.junit.jupiter.api.Test;

class LimitScopeTest {

  @Test
  void keysCarryTheNamespaceAsAHashTagAndStarForEveryModel() {
    assertThat(new LimitScope(Level.KEY, "abc", "gpt-4o").key("sb:rl"))
        .isEqualTo("{sb:rl}:key:abc:gpt-4o");
    assertThat(LimitScope.of(Level.TENANT, "acme").key("sb:rl"))
        .isEqualTo("{sb:rl}:tenant:acme:*");
  }

  @Test
  void idsAndModelsCannotBeConfusedWithOneAnother() {
    String a = new LimitScope(Level.USER, "a:b", "c").key("n");
    String b = new LimitScope(Level.USER, "a", "b:c").key("n");
    assertThat(a).isEqualTo("{n}:user:a%3Ab:c").isNotEqualTo(b);
    assertThat(new LimitScope(Level.USER, "a", "*").key("n"))
        .isNotEqualTo(LimitScope.of(Level.USER, "a").key("n"));
  }

  @Test
  void aNullModelMeansEveryModelAndAnIdIsRequired() {
    assertThat(new LimitScope(Level.TEAM, "t", null)).isEqualTo(LimitScope.of(Level.TEAM, "t"));
    assertThat(LimitScope.of(Level.TEAM, "t").forModel("o3").model()).isEqualTo("o3");
    assertThatThrownBy(() -> LimitScope.of(Level.TEAM, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
