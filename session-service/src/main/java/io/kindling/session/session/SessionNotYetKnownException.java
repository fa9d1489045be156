package io.kindling.session.session;

/**
 * An event about a session arrived before the session's own SessionRequested was applied: the two travel on
 * different topics, and a warm cluster or a cached environment can answer within milliseconds. Thrown from a
 * handler, it rolls the inbox transaction back so the binder redelivers the event a little later.
 */
public class SessionNotYetKnownException extends RuntimeException {

    public SessionNotYetKnownException(String sessionId, String event) {
        super("session " + sessionId + " is not known yet; " + event + " will be redelivered");
    }
}
