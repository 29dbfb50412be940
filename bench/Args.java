import org.HdrHistogram.Histogram;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Command-line options of the bench clients: {@code --name value}, some repeatable. */
final class Args {
    /** The calling program's usage text, printed with any argument error. */
    static String usageText = "";

    final Map<String, List<String>> values = new HashMap<>();
    final java.util.Set<String> used = new java.util.HashSet<>();

    Args(String[] argv) {
        for (int i = 0; i < argv.length; i++) {
            String s = argv[i];
            if (!s.startsWith("--")) usage("unexpected argument: " + s);
            String name = s.substring(2), value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= argv.length) usage("missing value for " + s);
                value = argv[++i];
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    String optional(String name) {
        used.add(name);
        List<String> v = values.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    String required(String name) {
        String v = optional(name);
        if (v == null) usage("missing --" + name);
        return v;
    }

    List<String> all(String name) {
        used.add(name);
        return values.getOrDefault(name, List.of());
    }

    int intValue(String name, int def) {
        String v = optional(name);
        try {
            return v == null ? def : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            usage("bad number for --" + name + ": " + v);
            return def;
        }
    }

    double doubleValue(String name, double def) {
        String v = optional(name);
        try {
            return v == null ? def : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            usage("bad number for --" + name + ": " + v);
            return def;
        }
    }

    void rejectUnknown() {
        for (String k : values.keySet()) if (!used.contains(k)) usage("unknown option --" + k);
    }

    static void usage(String msg) {
        System.err.println(msg);
        System.err.println(usageText);
        System.exit(2);
    }
}
