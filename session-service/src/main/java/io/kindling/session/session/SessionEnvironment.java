package io.kindling.session.session;

/**
 * The conda environment of a session, as far as session-service knows it.
 *
 * @param state      {@code NONE} (no conda spec), {@code WAITING} (conda-service is on it) or {@code READY}
 * @param hash       the environment's spec hash, once conda-service answered
 * @param archiveUri the packed environment to ship to Spark, once READY
 */
public record SessionEnvironment(String state, String hash, String archiveUri) {

    public static final SessionEnvironment NONE = new SessionEnvironment("NONE", null, null);
    public static final SessionEnvironment WAITING = new SessionEnvironment("WAITING", null, null);

    public static SessionEnvironment ready(String hash, String archiveUri) {
        return new SessionEnvironment("READY", hash, archiveUri);
    }

    /** Whether the driver must wait for it. */
    public boolean pending() {
        return state.equals("WAITING");
    }
}
