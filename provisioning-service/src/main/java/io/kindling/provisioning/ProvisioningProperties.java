package io.kindling.provisioning;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * provisioning-service.
 *
 * @param workDir        where each local cluster gets its directory (logs, worker dirs)
 * @param readyTimeout   bound on a cluster start: master up and every worker registered
 * @param stopTimeout    how long a cluster process may take after SIGTERM before it is killed
 * @param daemonMemory   heap of the standalone master and worker daemons (not of executors)
 */
@Validated
@ConfigurationProperties("kindling.provisioning")
public record ProvisioningProperties(
        @NotNull Path workDir,
        @NotNull @DefaultValue("90s") Duration readyTimeout,
        @NotNull @DefaultValue("15s") Duration stopTimeout,
        @NotNull @DefaultValue("256m") String daemonMemory) {
}
