package io.kindling.events;

import java.util.Map;

/**
 * How a job reaches data, as the gateway resolved and checked it: the identity its Spark code uses and the
 * workspace datastores it may name (beside the install's).
 *
 * @param workspace     the workspace the job belongs to
 * @param principalType {@code user}, {@code managed} (a workspace user-assigned identity) or {@code system} (an
 *                      attached pool's system-assigned identity)
 * @param principal     the user, identity or pool name
 * @param datastores    the workspace's own datastores, name to local directory; empty when none
 */
public record JobAccess(String workspace, String principalType, String principal, Map<String, String> datastores) {

    public JobAccess {
        datastores = datastores == null ? Map.of() : Map.copyOf(datastores);
    }
}
