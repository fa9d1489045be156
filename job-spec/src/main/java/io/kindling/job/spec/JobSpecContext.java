package io.kindling.job.spec;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What a job spec is checked against: the workspace's installed runtimes, node sizes and datastores.
 *
 * @param runtimes      the installed runtime versions, as {@code resources.runtime_version} names them ({@code 3.4})
 * @param runsPython    whether a runtime version has PySpark, so it can run an {@code entry.file} job
 * @param instanceTypes the node sizes serverless Spark offers
 * @param datastores    datastore name to the local directory it is mounted at (absolute)
 * @param capacity      the most a job may ask for
 * @param hostPaths     the host folders a spec may name by path
 * @param retired       installed runtime versions past their end of support (not in {@code runtimes}), each with its
 *                      last supported day
 */
public record JobSpecContext(Set<String> runtimes, Predicate<String> runsPython, InstanceCatalog instanceTypes,
                             Map<String, Path> datastores, JobCapacity capacity, HostPaths hostPaths,
                             Map<String, LocalDate> retired) {

    /** A context in which every installed runtime is supported. */
    public JobSpecContext(Set<String> runtimes, Predicate<String> runsPython, InstanceCatalog instanceTypes,
                          Map<String, Path> datastores, JobCapacity capacity, HostPaths hostPaths) {
        this(runtimes, runsPython, instanceTypes, datastores, capacity, hostPaths, Map.of());
    }

    /** This context with more datastores (a workspace's own, beside the install's); a name given twice is refused. */
    public JobSpecContext withDatastores(Map<String, Path> more) {
        Map<String, Path> all = new TreeMap<>(datastores);
        more.forEach((name, dir) -> {
            if (all.putIfAbsent(name, dir) != null) {
                throw new IllegalArgumentException("datastore " + name + " is defined twice");
            }
        });
        return new JobSpecContext(runtimes, runsPython, instanceTypes, all, capacity, hostPaths, retired);
    }

    /** A context in which no host path may be named. */
    public JobSpecContext(Set<String> runtimes, Predicate<String> runsPython, InstanceCatalog instanceTypes,
                          Map<String, Path> datastores, JobCapacity capacity) {
        this(runtimes, runsPython, instanceTypes, datastores, capacity, HostPaths.NONE);
    }

    /** A context without capacity limits beyond Spark's memory floor. */
    public JobSpecContext(Set<String> runtimes, Predicate<String> runsPython, InstanceCatalog instanceTypes,
                          Map<String, Path> datastores) {
        this(runtimes, runsPython, instanceTypes, datastores, JobCapacity.UNLIMITED);
    }

    public JobSpecContext {
        runtimes = Collections.unmodifiableSet(new TreeSet<>(runtimes));
        Map<String, Path> stores = new TreeMap<>();
        datastores.forEach((name, dir) -> {
            if (!dir.isAbsolute()) {
                throw new IllegalArgumentException("datastore " + name + " must map to an absolute directory, was "
                        + dir);
            }
            stores.put(name, dir.normalize());
        });
        datastores = Collections.unmodifiableMap(stores);
        retired = Collections.unmodifiableMap(new TreeMap<>(retired == null ? Map.of() : retired));
        if (runsPython == null || instanceTypes == null || capacity == null || hostPaths == null) {
            throw new IllegalArgumentException("a job spec context needs the Python predicate, instance types, "
                    + "capacity and host paths");
        }
    }
}
