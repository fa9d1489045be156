package io.kindling.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Percentiles and the docs/benchmarks.md section a benchmark owns (between its markers). */
final class Report {

    record Row(String what, long p50, long min, long max, int n) {
        String format() {
            return String.format("| %s | %d | %d | %d | %d |", what, p50, min, max, n);
        }
    }

    private Report() {
    }

    static Row row(String what, List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        sorted.sort(null);
        return new Row(what, sorted.get((sorted.size() - 1) / 2), sorted.get(0), sorted.get(sorted.size() - 1),
                sorted.size());
    }

    static void write(Path file, String key, String title, List<Row> rows, String command) throws IOException {
        StringBuilder table = new StringBuilder("| what | p50 ms | min ms | max ms | n |\n|---|---|---|---|---|\n");
        rows.forEach(r -> table.append(r.format()).append('\n'));
        writeSection(file, key, title, table.toString(), command);
    }

    /** Writes the section {@code key} owns: a title, when and how it was measured, and {@code body} (markdown). */
    static void writeSection(Path file, String key, String title, String body, String command) throws IOException {
        String begin = "<!-- bench:" + key + " -->";
        String end = "<!-- /bench:" + key + " -->";
        StringBuilder section = new StringBuilder(begin).append("\n### ").append(title).append("\n\n")
                .append("Measured ").append(LocalDate.now()).append(" on this machine (")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores").append(cpuModel())
                .append(") with `").append(command)
                .append("`.\n\n").append(body);
        if (!body.endsWith("\n")) {
            section.append('\n');
        }
        section.append(end);
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\nFigures are written by `bin/kindling bench`; "
                + "they are measurements, never test assertions.\n";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        text = b >= 0 && e > b ? text.substring(0, b) + section + text.substring(e + end.length())
                : text.stripTrailing() + "\n\n" + section + "\n";
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
        System.out.println("wrote " + file);
    }

    /**
     * The processor's model as Linux names it (", AMD EPYC"), or nothing: the machines these figures come from differ
     * between sessions, and the same code's load bench did 743 creates/s on one and 1,121 on the next.
     */
    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> ", " + l.substring(l.indexOf(':') + 1).strip()).orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
