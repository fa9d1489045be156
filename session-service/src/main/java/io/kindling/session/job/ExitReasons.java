package io.kindling.session.job;

import java.util.List;
import java.util.Optional;

/**
 * Finds why a driver failed in its stderr. A cluster-mode driver's main runs under Spark's DriverWrapper through
 * reflection, so what the user's code threw is the last {@code Caused by:} of the {@code Exception in thread
 * "main"} trace; without a cause the exception line itself is the reason.
 */
final class ExitReasons {

    private static final String MAIN = "Exception in thread \"main\" ";
    private static final String CAUSED_BY = "Caused by: ";

    private ExitReasons() {
    }

    private static final String TRACEBACK = "Traceback (most recent call last):";
    /** A traceback longer than this keeps its end, where the exception is. */
    static final int MAX_TRACEBACK = 4000;

    /**
     * The last Python traceback in a driver's output, from its header to the exception line (the first line after
     * it that is not indented; chained tracebacks before it are left out).
     */
    static Optional<String> fromPython(String output) {
        if (output == null) {
            return Optional.empty();
        }
        List<String> lines = output.lines().toList();
        int start = -1;
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith(TRACEBACK)) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            return Optional.empty();
        }
        int end = start + 1;
        while (end < lines.size() && (lines.get(end).startsWith(" ") || lines.get(end).startsWith("\t"))) {
            end++;
        }
        if (end >= lines.size()) {
            return Optional.empty(); // cut off before its exception line
        }
        String traceback = String.join("\n", lines.subList(start, end + 1));
        return Optional.of(traceback.length() <= MAX_TRACEBACK ? traceback
                : "..." + traceback.substring(traceback.length() - MAX_TRACEBACK));
    }

    static Optional<String> fromStderr(String stderr) {
        if (stderr == null) {
            return Optional.empty();
        }
        List<String> lines = stderr.lines().toList();
        int start = -1;
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains(MAIN)) {
                start = i;
                break;
            }
        }
        if (start < 0) {
            return Optional.empty();
        }
        String reason = lines.get(start).substring(lines.get(start).indexOf(MAIN) + MAIN.length()).strip();
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith(CAUSED_BY)) {
                reason = line.substring(CAUSED_BY.length()).strip();
            } else if (!line.startsWith("at ") && !line.startsWith("...") && !line.isEmpty()) {
                break;
            }
        }
        return Optional.of(reason);
    }
}
