package io.kindling.agent.http;

/** A request the API refuses, answered as {@code {"error": message}} with {@code status}. */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
