package dev.switchboard.it.matrix;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/translation-matrix.md} equal to what the capability flags generate; with
 * {@code -Dmatrix.write=true} it rewrites the file instead of failing.
 */
class TranslationMatrixDocTest {

  @Test
  void theDocumentedMatrixIsTheGeneratedOne() throws IOException {
    Path file = Path.of(MatrixDoc.PATH);
    String want = MatrixDoc.render();
    if (Boolean.getBoolean("matrix.write")) {
      Files.writeString(file, want, StandardCharsets.UTF_8);
      return;
    }
    String have = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    if (!have.equals(want)) {
      fail(MatrixDoc.PATH + " differs from the capability flags:\n" + firstDifference(have, want)
          + "\nRegenerate it with: " + MatrixDoc.REGENERATE);
    }
  }

  private static String firstDifference(String have, String want) {
    String[] a = have.split("\n", -1);
    String[] b = want.split("\n", -1);
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String x = i < a.length ? a[i] : "<end of file>";
      String y = i < b.length ? b[i] : "<end of file>";
      if (!x.equals(y)) {
        return "line " + (i + 1) + ":\n- " + x + "\n+ " + y;
      }
    }
    return "(line endings differ)";
  }
}
