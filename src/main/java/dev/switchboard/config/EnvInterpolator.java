package dev.switchboard.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Expands environment references in one configuration value.
 *
 * <ul>
 *   <li>{@code ${NAME}}: the variable's value; an error if it is not set (set-but-empty is fine).
 *   <li>{@code ${NAME:-default}}: the default when the variable is unset or empty. The default runs
 *       to the matching closing brace, may be empty, may contain spaces and colons, and may itself
 *       contain references ({@code ${AZURE_KEY:-${OPENAI_KEY}}}).
 *   <li><code>$${</code> is a literal <code>${</code>; any other {@code $} is kept as written.
 * </ul>
 *
 * <p>The loader applies it to scalar strings <em>after</em> YAML parsing, so a value containing
 * {@code :}, {@code #} or quotes can never change the document's structure, and a variable's value
 * is never itself expanded. Stateless and thread-safe.
 */
public final class EnvInterpolator {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private EnvInterpolator() {}

  /**
   * The outcome of expanding one value. Immutable.
   *
   * @param value the expanded text (references that failed are left out)
   * @param errors what went wrong, without a path (the caller knows where the value came from);
   *     empty on success
   */
  public record Result(String value, List<String> errors) {
    public Result {
      errors = List.copyOf(errors);
    }

    /** Whether every reference resolved. */
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  /** Expands every reference in {@code text} against {@code env}. */
  public static Result interpolate(String text, Map<String, String> env) {
    List<String> errors = new ArrayList<>();
    String value = expand(text, env, errors);
    return new Result(value, errors);
  }

  private static String expand(String text, Map<String, String> env, List<String> errors) {
    if (text.indexOf('$') < 0) {
      return text; // the common case: nothing to do, no copy
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int close = matchingBrace(text, i + 2);
        if (close < 0) {
          // the position, not the text: the value may be a secret headed for a log
          errors.add("unterminated '${' at character " + (i + 1) + " (write $${ for a literal ${)");
          return out.append(text, i, text.length()).toString();
        }
        resolve(text.substring(i + 2, close), env, out, errors);
        i = close + 1;
      } else {
        out.append(text.charAt(i));
        i++;
      }
    }
    return out.toString();
  }

  /** Index of the brace closing a reference whose body starts at {@code from}, or -1. */
  private static int matchingBrace(String text, int from) {
    int depth = 1;
    int j = from;
    while (j < text.length()) {
      if (text.startsWith("$${", j)) {
        j += 3; // an escaped opener inside a default opens nothing
      } else if (text.startsWith("${", j)) {
        depth++;
        j += 2;
      } else if (text.charAt(j) == '}') {
        if (--depth == 0) {
          return j;
        }
        j++;
      } else {
        j++;
      }
    }
    return -1;
  }

  private static void resolve(
      String body, Map<String, String> env, StringBuilder out, List<String> errors) {
    int sep = body.indexOf(":-");
    String name = sep < 0 ? body : body.substring(0, sep);
    if (!NAME.matcher(name).matches()) {
      errors.add("invalid reference '${" + body + "}' (expected ${NAME} or ${NAME:-default})");
      return;
    }
    String value = env.get(name);
    if (sep >= 0) {
      // Like the shell's :-, an empty variable also takes the default: an exported-but-blank
      // variable is almost always "not configured", not "configured to nothing".
      out.append(value == null || value.isEmpty()
          ? expand(body.substring(sep + 2), env, errors) : value);
    } else if (value == null) {
      errors.add("environment variable " + name + " is not set (use ${" + name
          + ":-} to allow empty)");
    } else {
      out.append(value);
    }
  }
}
