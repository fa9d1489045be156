package io.kindling.session.session;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The conda environment of a session or a batch job, as far as session-service knows it.
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

    /** {@code {state, hash}} as the API shows it, lower case; none for {@code NONE}. */
    public Optional<Map<String, Object>> apiView() {
        if (state.equals("NONE")) {
            return Optional.empty();
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("state", state.toLowerCase(Locale.ROOT));
        view.put("hash", hash);
        return Optional.of(view);
    }

    /** Whether the driver (the session's, or the job's) must wait for it. */
    public boolean pending() {
        return state.equals("WAITING");
    }
}
