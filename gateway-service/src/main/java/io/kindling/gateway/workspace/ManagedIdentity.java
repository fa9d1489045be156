package io.kindling.gateway.workspace;

import java.time.Instant;

/** A user-assigned managed identity registered in a workspace. */
record ManagedIdentity(String workspace, String name, String clientId, String objectId, String resourceId,
                       String createdBy, Instant createdAt) {
}
