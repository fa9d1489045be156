package io.kindling.gateway.session;

import io.kindling.kit.problem.ApiProblem;
import java.util.regex.Pattern;

/**
 * Who is calling. Until authentication lands (bearer JWT), the caller names itself in
 * {@code X-Kindling-User}; without it, the caller is {@code anonymous}.
 */
public final class Caller {

    public static final String HEADER = "X-Kindling-User";
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}");

    private Caller() {
    }

    public static String of(String header) {
        if (header == null || header.isBlank()) {
            return "anonymous";
        }
        if (!USER.matcher(header).matches()) {
            throw ApiProblem.badRequest("INVALID_USER", HEADER + " must be 1-128 letters, digits, '_', '.', '@' or '-'");
        }
        return header;
    }
}
