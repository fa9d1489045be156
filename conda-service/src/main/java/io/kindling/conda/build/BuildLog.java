package io.kindling.conda.build;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A build's log file: the installers' output and Kindling's own lines, kept after the build for the API. */
public final class BuildLog {

    private BuildLog() {
    }

    public static void append(Path file, String line) {
        try {
            Files.writeString(file, "[kindling] " + line + System.lineSeparator(), StandardCharsets.UTF_8,
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
            return start > 0 && newline >= 0 ? text.substring(newline + 1) : text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build log " + file, e);
        }
    }
}
