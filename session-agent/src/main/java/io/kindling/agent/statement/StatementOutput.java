package io.kindling.agent.statement;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.IdentityHashMap;
import java.util.Map;

/** Builds Livy statement outputs: {@code status ok} with data, or {@code status error}. */
public final class StatementOutput {

    /** Causes listed in an error's traceback, at most. */
    static final int MAX_CAUSES = 8;

    private StatementOutput() {
    }

    /** {@code {"status":"ok","execution_count":n,"data":data}}. */
    public static ObjectNode ok(ObjectMapper mapper, int executionCount, ObjectNode data) {
        ObjectNode out = mapper.createObjectNode();
        out.put("status", "ok");
        out.put("execution_count", executionCount);
        out.set("data", data);
        return out;
    }

    /**
     * {@code {"status":"error","execution_count":n,"ename":..,"evalue":..,"traceback":[..]}}. The
     * traceback lists the cause chain (class and message), not stack frames: those stay in the
     * driver log. A {@link StatementFailure} is shown as its language reported it.
     */
    public static ObjectNode error(ObjectMapper mapper, int executionCount, Throwable error) {
        ObjectNode out = mapper.createObjectNode();
        out.put("status", "error");
        out.put("execution_count", executionCount);
        if (error instanceof StatementFailure failure) {
            out.put("ename", failure.ename());
            out.put("evalue", failure.evalue());
            failure.traceback().forEach(out.putArray("traceback")::add);
            return out;
        }
        out.put("ename", name(error.getClass()));
        out.put("evalue", String.valueOf(error.getMessage()));
        ArrayNode traceback = out.putArray("traceback");
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable cause = error;
        while (cause != null && seen.put(cause, true) == null && traceback.size() < MAX_CAUSES) {
            String prefix = cause == error ? "" : "Caused by: ";
            traceback.add(prefix + cause.getClass().getName() + ": " + cause.getMessage());
            cause = cause.getCause();
        }
        return out;
    }

    /**
     * The simple class name, except that Spark's internal {@code ExtendedX} refinements are named
     * after the public class they extend ({@code ExtendedAnalysisException} is reported as
     * {@code AnalysisException}).
     */
    static String name(Class<?> type) {
        String name = type.getSimpleName();
        Class<?> parent = type.getSuperclass();
        if (parent != null && name.equals("Extended" + parent.getSimpleName())) {
            return parent.getSimpleName();
        }
        return name;
    }
}
