package io.kindling.conda.spec;

/**
 * A conda spec Kindling refuses, with a stable {@link #code()} and the {@link #entry()} at fault, so a user can
 * find the line to fix.
 */
public final class InvalidSpecException extends RuntimeException {

    private final String code;
    private final String entry;

    /**
     * @param code  {@code MALFORMED_YAML}, {@code UNKNOWN_KEY}, {@code INVALID_ENTRY}, {@code RUNTIME_COMPONENT},
     *              {@code CHANNEL_NOT_ALLOWED} or {@code INDEX_NOT_ALLOWED}
     * @param entry where in the spec, e.g. {@code dependencies[2]} or {@code dependencies[3].pip[0]}
     */
    public InvalidSpecException(String code, String entry, String message) {
        super(message);
        this.code = code;
        this.entry = entry;
    }

    public String code() {
        return code;
    }

    public String entry() {
        return entry;
    }
}
