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
