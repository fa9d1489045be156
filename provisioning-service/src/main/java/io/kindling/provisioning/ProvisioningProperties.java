package io.kindling.provisioning;

import io.kindling.events.ClusterSize;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.util.unit.DataSize;
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
 * @param prewarm        pools of ready clusters (with drivers) kept for sessions of a given size and runtime;
 *                       each cluster costs its full memory while it waits (see docs/configuration.md)
 * @param prewarmCheckInterval how often the pools are topped up
 * @param poolWait       how long a session or job naming an attached pool waits for the pool's PoolAttached (which
 *                       travels on another topic than the request) before its cluster fails COMPUTE_NOT_FOUND
 */
@Validated
@ConfigurationProperties("kindling.provisioning")
public record ProvisioningProperties(
        @NotNull Path workDir,
        @NotNull @DefaultValue("90s") Duration readyTimeout,
        @NotNull @DefaultValue("15s") Duration stopTimeout,
        @NotNull @DefaultValue("256m") String daemonMemory,
        @Valid @NotNull @DefaultValue List<PrewarmPool> prewarm,
        @NotNull @DefaultValue("2s") Duration prewarmCheckInterval,
        @NotNull @DefaultValue("60s") Duration poolWait) {

    /**
     * One pre-warmed pool: {@code count} clusters of this runtime and size kept WARM with their driver up,
     * for the first matching session of any owner (sessions with no static Spark conf).
     */
    public record PrewarmPool(@NotNull @DefaultValue("4.2") String runtimeVersion,
                              @Min(1) @DefaultValue("2") int numExecutors,
                              @Min(1) @DefaultValue("1") int executorCores,
                              @NotNull @DefaultValue("1GB") DataSize executorMemory,
                              @Min(1) @DefaultValue("1") int driverCores,
                              @NotNull @DefaultValue("1GB") DataSize driverMemory,
                              @Min(0) @Max(64) @DefaultValue("1") int count) {

        public ClusterSize size() {
            return new ClusterSize(numExecutors, executorCores, executorMemory.toMegabytes(), driverCores,
                    driverMemory.toMegabytes());
        }
    }
}
