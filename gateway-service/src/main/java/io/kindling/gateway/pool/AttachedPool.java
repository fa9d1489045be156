package io.kindling.gateway.pool;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone cluster attached to a workspace.
 *
 * @param identityType     {@code system_assigned} or {@code user_assigned}
 * @param identityClientId the user-assigned identity's client id, or {@code null}
 * @param identityName     the user-assigned identity's name in the workspace registry, or {@code null}
 */
public record AttachedPool(String name, String workspace, String masterUrl, String restUrl, String webUiUrl,
                           String sparkVersion, String runtimeVersion, String identityType, String identityClientId,
                           String identityName, Map<String, String> conf, List<String> jars, boolean attached,
                           long generation, String attachedBy, Instant attachedAt, Instant detachedAt) {

    /** What a pool's name may be: it is part of cluster ids and directory names. */
    public static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    public static final String SYSTEM_ASSIGNED = "system_assigned";
    public static final String USER_ASSIGNED = "user_assigned";
}
