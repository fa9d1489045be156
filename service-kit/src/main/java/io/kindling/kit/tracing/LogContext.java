package io.kindling.kit.tracing;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.MDC;

/**
 * Puts the session and job a piece of work serves in the log context ({@code %X{sessionId}}, {@code %X{jobId}}),
 * and takes them out again on close. A {@code null} id is left out.
 */
public final class LogContext implements AutoCloseable {

    public static final String SESSION_ID = "sessionId";
    public static final String JOB_ID = "jobId";

    private final List<MDC.MDCCloseable> entries = new ArrayList<>(2);

    private LogContext() {
    }

    public static LogContext of(String sessionId, String jobId) {
        LogContext context = new LogContext();
        context.put(SESSION_ID, sessionId);
        context.put(JOB_ID, jobId);
        return context;
    }

    private void put(String key, String value) {
        if (value != null) {
            entries.add(MDC.putCloseable(key, value));
        }
    }

    @Override
    public void close() {
        entries.forEach(MDC.MDCCloseable::close);
    }
}
