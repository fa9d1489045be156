package io.kindling.gateway.workspace;

import java.util.Optional;
import org.springframework.stereotype.Component;

/** What other parts of the gateway read from the workspace registry. */
@Component
public class WorkspaceRegistry {

    private final Workspaces workspaces;

    WorkspaceRegistry(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    /** The name of the workspace's managed identity with this client id. */
    public Optional<String> identityByClientId(String workspace, String clientId) {
        return workspaces.identities(workspace).stream().filter(m -> m.clientId().equals(clientId))
                .map(ManagedIdentity::name).findFirst();
    }
}
