package io.kindling.kit.job;

import io.kindling.job.spec.HostPaths;
import io.kindling.job.spec.InstanceCatalog;
import io.kindling.job.spec.JobCapacity;
import io.kindling.job.spec.InstanceType;
import io.kindling.job.spec.JobSpecContext;
import io.kindling.kit.ids.PrincipalNames;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.RuntimeSupport;
import io.kindling.kit.runtime.SparkRuntime;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The workspace a job spec is checked against, as this install has it now (runtimes are read from disk). The
 * install's datastores ({@code kindling.jobs.datastores}) are each workspace's own: datastore {@code d} of workspace
 * {@code w} is the folder {@code w} of {@code d}'s directory, so no workspace names another's data.
 */
public class JobSpecContexts {

    /** The workspace of a job published on the bus without the gateway's access (the gateway's default one). */
    public static final String BUS_WORKSPACE = "default";

    private final RuntimeCatalog runtimes;
    private final RuntimeSupport support;
    private final InstanceCatalog instanceTypes;
    private final Map<String, Path> datastores;
    private final JobCapacity capacity;
    private final HostPaths hostPaths;

    public JobSpecContexts(RuntimeCatalog runtimes, RuntimeSupport support, JobsProperties props) {
        this.runtimes = runtimes;
        this.support = support;
        this.capacity = props.limits().capacity();
        this.hostPaths = props.allowedHostPaths();
        this.instanceTypes = props.instanceTypes().isEmpty() ? InstanceCatalog.defaults()
                : InstanceCatalog.of(props.instanceTypes().stream().map(t -> new InstanceType(t.name(), t.cores(),
                        t.memory().toMegabytes())).toList());
        Map<String, Path> stores = new TreeMap<>();
        props.datastores().forEach((name, dir) -> stores.put(name, dir.toAbsolutePath().normalize()));
        this.datastores = Map.copyOf(stores);
    }

    /** What a job of {@code workspace} is checked against: the install's datastores as that workspace has them. */
    public JobSpecContext current(String workspace) {
        Map<String, SparkRuntime> installed = runtimes.installed().stream()
                .collect(Collectors.toMap(SparkRuntime::version, r -> r, (a, b) -> a));
        Map<String, LocalDate> retired = new TreeMap<>();
        installed.keySet().forEach(version -> {
            RuntimeSupport.Status status = support.status(version);
            if (status.state() == RuntimeSupport.State.RETIRED) {
                retired.put(version, status.endOfSupport());
            }
        });
        Set<String> supported = new java.util.TreeSet<>(installed.keySet());
        supported.removeAll(retired.keySet());
        return new JobSpecContext(supported,
                version -> installed.containsKey(version) && installed.get(version).runsPython(), instanceTypes,
                datastores(workspace), capacity, hostPaths, retired);
    }

    /** The install's datastores as {@code workspace} has them: name to that workspace's folder of each. */
    public Map<String, Path> datastores(String workspace) {
        if (!PrincipalNames.isValid(workspace)) {
            throw new IllegalArgumentException("not a workspace name: " + workspace);
        }
        Map<String, Path> own = new TreeMap<>();
        datastores.forEach((name, root) -> own.put(name, root.resolve(workspace)));
        return own;
    }

    public InstanceCatalog instanceTypes() {
        return instanceTypes;
    }

    /** The install's datastores' directories, each holding a folder per workspace. */
    public Map<String, Path> datastores() {
        return datastores;
    }
}
