package io.kindling.gateway.session;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Spark-style memory strings: digits and one unit of k, m, g or t (e.g. {@code 512m}, {@code 2g}). */
final class MemorySize {

    private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,8})([kmgt])");

    private MemorySize() {
    }

    /** The size in MiB (rounded up), or empty if the text is not a memory string. */
    static Optional<Long> parseMb(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        long kib = switch (m.group(2)) {
            case "k" -> n;
            case "m" -> n * 1024;
            case "g" -> n * 1024 * 1024;
            case "t" -> n * 1024 * 1024 * 1024;
            default -> throw new IllegalStateException("unreachable");
        };
        return Optional.of((kib + 1023) / 1024);
    }

    static String format(long mb) {
        return mb % 1024 == 0 ? (mb / 1024) + "g" : mb + "m";
    }
}
