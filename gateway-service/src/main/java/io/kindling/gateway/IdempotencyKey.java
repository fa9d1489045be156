package io.kindling.gateway;

import io.kindling.kit.problem.ApiProblem;
import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code Idempotency-Key} header of a create request: a retry with the same key answers the same resource. */
public final class IdempotencyKey {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private IdempotencyKey() {
    }

    /** The key, or empty without the header; 400 {@code INVALID_IDEMPOTENCY_KEY} for a malformed one. */
    public static Optional<String> of(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (!KEY.matcher(header).matches()) {
            throw ApiProblem.badRequest("INVALID_IDEMPOTENCY_KEY", HEADER + " must be 1-128 letters, digits, "
                    + "'_', '.', ':' or '-'");
        }
        return Optional.of(header);
    }
}
