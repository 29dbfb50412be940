package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the tables in docs/errors.md in step with {@link ErrorCategory} and {@link ErrorKind}. */
class ErrorDocsTest {
  private static final Path DOC = Path.of("docs/errors.md");

  @Test
  void theCategoryTableIsTheEnumWordForWord() throws Exception {
    List<String> expected = new ArrayList<>();
    for (ErrorCategory c : ErrorCategory.values()) {
      expected.add("| `" + c.id() + "` | " + c.retry().text() + " | " + c.action() + " |");
    }
    assertThat(rows("categories")).as("docs/errors.md categories table; rewrite it from"
        + " ErrorCategory").containsExactlyElementsOf(expected);
  }

  @Test
  void everyErrorKindHasItsRowInOrderWithStatusTypeAndCategory() throws Exception {
    List<String> rows = rows("codes");
    assertThat(rows).hasSize(ErrorKind.values().length);
    for (ErrorKind k : ErrorKind.values()) {
      String[] cells = rows.get(k.ordinal()).split("\\|");
      String status = k == ErrorKind.UPSTREAM_INVALID_REQUEST ? "provider's 4xx"
          : Integer.toString(k.status());
      assertThat(List.of(cells[1].trim(), cells[2].trim(), cells[3].trim(), cells[4].trim()))
          .as("row for %s", k)
          .containsExactly("`" + k.code() + "`", status, k.type(), k.category().id());
      assertThat(cells[5].trim()).as("explanation for %s", k).isNotEmpty();
    }
  }

  @Test
  void everyCategoryIsUsedByAtLeastOneKind() {
    for (ErrorCategory c : ErrorCategory.values()) {
      assertThat(List.of(ErrorKind.values())).as("kinds in %s", c)
          .anyMatch(k -> k.category() == c);
    }
  }

  private static List<String> rows(String table) throws Exception {
    List<String> lines = Files.readAllLines(DOC);
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("<!-- " + table + ":start")) {
        start = i;
      } else if (lines.get(i).startsWith("<!-- " + table + ":end")) {
        end = i;
      }
    }
    assertThat(start).as("start marker of %s", table).isNotNegative();
    // marker, header, separator, then the rows
    return lines.subList(start + 3, end);
  }
}
