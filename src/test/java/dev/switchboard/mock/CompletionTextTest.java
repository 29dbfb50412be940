package dev.switchboard.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompletionTextTest {

  @Test
  void tokensAreWordsThatJoinIntoTheText() {
    assertThat(CompletionText.tokens(3)).containsExactly("This", " is", " a");
    assertThat(CompletionText.text(3)).isEqualTo("This is a");
    assertThat(CompletionText.text(0)).isEmpty();
    String longer = CompletionText.text(100);
    assertThat(longer.split(" ")).hasSize(100);
    assertThat(longer).doesNotContain("  ");
    assertThat(CompletionText.text(2000)).isEqualTo(String.join("", CompletionText.tokens(2000)));
  }

  @Test
  void splitKeepsEveryCharacterInOrder() {
    assertThat(CompletionText.split("{\"a\":1}", 3)).containsExactly("{\"", "a\"", ":1}");
    assertThat(CompletionText.split("ab", 10)).containsExactly("a", "b");
    assertThat(CompletionText.split("abc", 0)).isEmpty();
    String emoji = "x\uD83D\uDE00y";
    List<String> pieces = CompletionText.split(emoji, 4);
    assertThat(String.join("", pieces)).isEqualTo(emoji);
    assertThat(pieces).noneMatch(p -> Character.isHighSurrogate(p.charAt(p.length() - 1)));
  }

  @Test
  void promptEstimateIsAtLeastOne() {
    assertThat(CompletionText.estimateTokens(0)).isEqualTo(1);
    assertThat(CompletionText.estimateTokens(400)).isEqualTo(100);
  }
}
