package io.kindling.gateway.workspace;

import java.time.Instant;

/** {@code principal} holds {@code role} on {@code datastore} of a workspace. */
record RoleAssignment(String workspace, Principal principal, String role, String datastore, String createdBy,
                      Instant createdAt) {
}
