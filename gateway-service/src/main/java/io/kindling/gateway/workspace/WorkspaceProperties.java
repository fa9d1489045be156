package io.kindling.gateway.workspace;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where workspaces keep their own datastores.
 *
 * @param datastoreRoot a datastore {@code d} of workspace {@code w} is the directory {@code <datastoreRoot>/w/d},
 *                      made when the datastore is
 */
@Validated
@ConfigurationProperties("kindling.gateway.workspaces")
public record WorkspaceProperties(@NotNull Path datastoreRoot) {
}
