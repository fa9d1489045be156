package io.kindling.kit.problem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ProblemDetail;

/**
 * Keeps a problem small whatever the request was: its detail, every text field and its {@code instance} are cut to
 * a bounded length, so a huge name, id or archive entry a refusal quotes is not sent back.
 */
final class BoundedProblem {

    /** The longest {@code detail} sent; a longer one quotes a huge input. */
    static final int MAX_DETAIL = 1024;
    /** The longest text field and {@code instance} sent. */
    static final int MAX_FIELD = 256;

    private BoundedProblem() {
    }

    /** @param path the request's path, the problem's {@code instance} unless it has one; {@code null} if unknown */
    static ProblemDetail of(ProblemDetail problem, String path) {
        problem.setDetail(cut(problem.getDetail(), MAX_DETAIL));
        if (problem.getProperties() != null) {
            for (Map.Entry<String, Object> e : new LinkedHashMap<>(problem.getProperties()).entrySet()) {
                if (e.getValue() instanceof String text) {
                    problem.setProperty(e.getKey(), cut(text, MAX_FIELD));
                }
            }
        }
        if (problem.getInstance() == null && path != null && path.length() > MAX_FIELD) {
            String head = path.substring(0, MAX_FIELD);
            int escape = head.lastIndexOf('%');
            problem.setInstance(URI.create((escape >= MAX_FIELD - 2 ? head.substring(0, escape) : head) + "..."));
        }
        return problem;
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text
                : text.substring(0, max) + "… (" + text.length() + " characters)";
    }
}
