package io.kindling.session.session;

/** A state change the session lifecycle does not allow; it is never applied. */
public class IllegalTransitionException extends IllegalStateException {

    private final SessionState from;
    private final SessionState to;

    public IllegalTransitionException(String sessionId, SessionState from, SessionState to) {
        super("session " + sessionId + " cannot move from " + from + " to " + to);
        this.from = from;
        this.to = to;
    }

    public SessionState from() {
        return from;
    }

    public SessionState to() {
        return to;
    }
}
