package io.kindling.session.session;

import io.kindling.kit.inbox.NotYetApplicableException;

/**
 * An event about a session arrived before the session's own SessionRequested was applied: the two travel on
 * different topics, and a warm cluster, a cached environment or a refused cluster can answer first (under load,
 * by minutes). Thrown from a handler, it rolls the inbox transaction back and the dispatcher applies the event
 * again a little later.
 */
public class SessionNotYetKnownException extends NotYetApplicableException {

    public SessionNotYetKnownException(String sessionId, String event) {
        super("session " + sessionId + " is not known yet; " + event + " will be applied again");
    }
}
