package io.kindling.kit.job;

import io.kindling.job.spec.InstanceCatalog;
import io.kindling.job.spec.JobCapacity;
import io.kindling.job.spec.InstanceType;
import io.kindling.job.spec.JobSpecContext;
import io.kindling.kit.runtime.RuntimeCatalog;
import io.kindling.kit.runtime.SparkRuntime;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The workspace a job spec is checked against, as this install has it now (runtimes are read from disk). */
public class JobSpecContexts {

    private final RuntimeCatalog runtimes;
    private final InstanceCatalog instanceTypes;
    private final Map<String, Path> datastores;
    private final JobCapacity capacity;

    public JobSpecContexts(RuntimeCatalog runtimes, JobsProperties props) {
        this.runtimes = runtimes;
        this.capacity = props.limits().capacity();
        this.instanceTypes = props.instanceTypes().isEmpty() ? InstanceCatalog.defaults()
                : InstanceCatalog.of(props.instanceTypes().stream().map(t -> new InstanceType(t.name(), t.cores(),
                        t.memory().toMegabytes())).toList());
        Map<String, Path> stores = new TreeMap<>();
        props.datastores().forEach((name, dir) -> stores.put(name, dir.toAbsolutePath().normalize()));
        this.datastores = Map.copyOf(stores);
    }

    public JobSpecContext current() {
        Map<String, SparkRuntime> installed = runtimes.installed().stream()
                .collect(Collectors.toMap(SparkRuntime::version, r -> r, (a, b) -> a));
        return new JobSpecContext(installed.keySet(),
                version -> installed.containsKey(version) && installed.get(version).runsPython(), instanceTypes,
                datastores, capacity);
    }

    public InstanceCatalog instanceTypes() {
        return instanceTypes;
    }

    public Map<String, Path> datastores() {
        return datastores;
    }
}
