package io.kindling.conda.build;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * A build's log file: the installers' output and Kindling's own lines, kept after the build for the API. Credentials
 * in URLs ({@code https://user:token@index/simple}, from the install's index or a spec's {@code --extra-index-url}) are
 * masked in what Kindling writes and in what the API reads back, whatever an installer printed.
 */
public final class BuildLog {

    /** A URL's user information: {@code scheme://user:secret@} or {@code scheme://token@}. */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/@\\s]+)@");

    private BuildLog() {
    }

    /** {@code text} with the user information of every URL in it masked (the user name kept where there is one). */
    public static String redact(String text) {
        return USER_INFO.matcher(text).replaceAll(m -> {
            String info = m.group(2);
            int colon = info.indexOf(':');
            String kept = colon > 0 ? info.substring(0, colon) + ":****" : "****";
            return java.util.regex.Matcher.quoteReplacement(m.group(1) + kept + "@");
        });
    }

    public static void append(Path file, String line) {
        try {
            Files.writeString(file, "[kindling] " + redact(line) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write build log " + file, e);
        }
    }

    /** The last {@code maxBytes} of the log (from a line start), or empty when there is none. */
    public static String tail(Path file, int maxBytes) {
        if (file == null || !Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, raf.length() - maxBytes);
            byte[] bytes = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int newline = text.indexOf('\n');
            return redact(start > 0 && newline >= 0 ? text.substring(newline + 1) : text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build log " + file, e);
        }
    }
}
