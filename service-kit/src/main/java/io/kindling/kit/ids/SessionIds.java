package io.kindling.kit.ids;

import java.util.regex.Pattern;

/**
 * The form of the gateway's session ids, {@code s-} and 16 hex digits. Cluster and environment events name a session
 * or a job by the same field, so services tell them apart by it (and a job may not take an id of this form).
 */
public final class SessionIds {

    public static final Pattern PATTERN = Pattern.compile("s-[0-9a-f]{16}");

    private SessionIds() {
    }

    public static boolean isSessionId(String id) {
        return id != null && PATTERN.matcher(id).matches();
    }
}
