package io.kindling.kit.job;

import io.kindling.job.spec.HostPaths;
import io.kindling.job.spec.JobCapacity;
import io.kindling.kit.limits.HostCapacity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What batch jobs are checked against and where their files live. The gateway checks a spec before it accepts
 * a job, session-service again before it runs one (a job published on the bus never passed the gateway); both
 * must see the same values.
 *
 * @param instanceTypes node sizes {@code resources.instance_type} may name; empty means Azure ML's
 *                      memory-optimized sizes ({@code standard_e4s_v3} .. {@code standard_e64s_v3})
 * @param datastores    datastore name to the local directory {@code kindling://datastores/<name>/paths/..} and
 *                      {@code azureml://datastores/<name>/paths/..} resolve under
 * @param artifactsDir  where code uploaded with a job is kept, one directory per upload
 * @param pollInterval  how often the state of running drivers is asked of their clusters
 * @param logLimit      how much of each driver stream (stdout, stderr) is kept once a job ends: its tail
 * @param limits        what one serverless job may ask for on this install
 * @param hostPaths     host folders a job spec may name by path ({@code code}, {@code jars}, {@code files},
 *                      {@code archives}, {@code py_files}, {@code entry.file}, {@code conda_file}, inputs and
 *                      outputs), and an attached pool its {@code jars}; none by default: users upload code and
 *                      read data from datastores
 */
@Validated
@ConfigurationProperties("kindling.jobs")
public record JobsProperties(@DefaultValue @Valid List<InstanceTypeEntry> instanceTypes,
                             @DefaultValue Map<String, Path> datastores,
                             @NotNull Path artifactsDir,
                             @NotNull @DefaultValue("500ms") Duration pollInterval,
                             @NotNull @DefaultValue("1MB") DataSize logLimit,
                             @Valid @NotNull @DefaultValue Limits limits,
                             @DefaultValue List<Path> hostPaths) {

    /** The folders {@link #hostPaths()} names, as spec checks take them. */
    public HostPaths allowedHostPaths() {
        return new HostPaths(hostPaths.stream().map(p -> p.toAbsolutePath().normalize()).toList());
    }

    /**
     * Capacity limits of one job, checked with its spec (by the gateway, and by session-service for jobs from the
     * bus) before anything is provisioned. Unset totals derive from this host.
     *
     * @param maxExecutors   executors of one job (with dynamic allocation, its maxExecutors)
     * @param maxTotalCores  executors x cores + driver cores of one job; default 4 x this host's processors
     * @param maxTotalMemory executors x memory + driver memory of one job; default 75% of this host's memory
     * @param minMemory      smallest executor or driver memory (Spark refuses less than 450m)
     */
    public record Limits(@Min(1) @DefaultValue("16") int maxExecutors,
                         @Min(1) Integer maxTotalCores,
                         DataSize maxTotalMemory,
                         @NotNull @DefaultValue("512MB") DataSize minMemory) {

        /** The limits as the spec checks take them. */
        public JobCapacity capacity() {
            return new JobCapacity(maxExecutors, maxTotalCores != null ? maxTotalCores : HostCapacity.defaultMaxCores(),
                    (maxTotalMemory != null ? maxTotalMemory : HostCapacity.defaultMaxMemory()).toMegabytes(),
                    minMemory.toMegabytes());
        }
    }

    /**
     * One node size.
     *
     * @param name   as {@code resources.instance_type} names it, matched ignoring case
     * @param cores  cores per node
     * @param memory memory per node, e.g. {@code 32GB}
     */
    public record InstanceTypeEntry(@NotBlank String name, @Min(1) int cores, @NotNull DataSize memory) {
    }
}
