package io.kindling.gateway;

import io.kindling.kit.limits.HostCapacity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway.
 *
 * @param sessionServiceUrl    where session-service answers internal reads and statements
 * @param provisioningServiceUrl where provisioning-service answers cluster reads
 * @param teardownServiceUrl   where teardown-service answers deadline reads
 * @param condaServiceUrl      where conda-service answers environment reads
 * @param internalCallTimeout  bound on each wait of an internal HTTP call: for a pooled connection, the connect,
 *                             each read of the answer
 * @param limits               what one session may ask for on this install
 * @param defaultTimeoutMinutes inactivity timeout of a session that names none
 * @param uploads              what one uploaded job code or artifact may unpack to
 * @param pools                where attached pools may be
 */
@Validated
@ConfigurationProperties("kindling.gateway")
public record GatewayProperties(
        @NotNull @DefaultValue("http://localhost:8081") URI sessionServiceUrl,
        @NotNull @DefaultValue("http://localhost:8082") URI provisioningServiceUrl,
        @NotNull @DefaultValue("http://localhost:8083") URI teardownServiceUrl,
        @NotNull @DefaultValue("http://localhost:8084") URI condaServiceUrl,
        @NotNull @DefaultValue("10s") Duration internalCallTimeout,
        @Valid @NotNull @DefaultValue Limits limits,
        @Min(1) @Max(10080) @DefaultValue("30") int defaultTimeoutMinutes,
        @Valid @NotNull @DefaultValue Uploads uploads,
        @Valid @NotNull @DefaultValue Pools pools) {

    /**
     * Where a workspace admin may attach a pool. A pool's URLs are called by the control plane (the probe, job
     * logs), so a pool on this host's loopback, a link-local address (a cloud's metadata service at
     * 169.254.169.254) or an unspecified or multicast one would turn an attach into a probe of the control plane's
     * own network: those are refused unless an operator allows them here.
     *
     * @param allowedAddresses addresses or CIDR blocks ({@code 127.0.0.1}, {@code 10.1.0.0/16}) a pool may resolve to
     *                         even though they are of the kinds above; empty: none
     */
    public record Pools(@NotNull @DefaultValue List<String> allowedAddresses) {
    }

    /**
     * Bounds on uploaded job code ({@code POST /api/v1/jobs} part {@code code}, {@code POST /api/v1/artifacts}).
     * A {@code .zip}, {@code .tar.gz}, {@code .tgz} or {@code .tar} is extracted, any other file kept as it is; both
     * count. The upload itself is bounded by {@code spring.servlet.multipart.max-file-size} (512MB here).
     *
     * @param maxExtractedSize bytes one upload may extract to, counted as they are written (a zip bomb stops there)
     * @param maxEntries       files and folders one archive may hold
     */
    public record Uploads(@NotNull @DefaultValue("1GB") DataSize maxExtractedSize,
                          @Min(1) @DefaultValue("10000") int maxEntries) {
    }

    /**
     * Capacity limits checked before anything is provisioned. Unset totals derive from this host, where
     * the local backend runs every cluster.
     *
     * @param maxExecutors   executors of one session
     * @param maxTotalCores  executors x cores + driver cores of one session; default 4 x this host's
     *                       processors (standalone cores are scheduling slots, so some oversubscription is normal)
     * @param maxTotalMemory executors x memory + driver memory of one session; default 75% of this host's
     *                       physical memory
     * @param minMemory      smallest executor or driver heap (Spark refuses less than 450m)
     */
    public record Limits(@Min(1) @DefaultValue("16") int maxExecutors,
                         @Min(1) Integer maxTotalCores,
                         DataSize maxTotalMemory,
                         @NotNull @DefaultValue("512MB") DataSize minMemory) {

        public int effectiveMaxTotalCores() {
            return maxTotalCores != null ? maxTotalCores : HostCapacity.defaultMaxCores();
        }

        public DataSize effectiveMaxTotalMemory() {
            return maxTotalMemory != null ? maxTotalMemory : HostCapacity.defaultMaxMemory();
        }
    }
}
