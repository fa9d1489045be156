package io.kindling.session.session;

/** Told, inside the transaction, that a session reached ENDED or FAILED. */
public interface SessionEndListener {

    void sessionEnded(Session session);
}
