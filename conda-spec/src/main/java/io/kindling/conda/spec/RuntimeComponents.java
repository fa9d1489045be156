package io.kindling.conda.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a runtime a session environment must not change: its Python, PySpark/Spark, Scala and Java. A spec
 * may name them only with a version the runtime already has (then the entry is satisfied and skipped).
 *
 * @param python the Python release environments are built on, e.g. {@code 3.11.7}
 * @param spark  the Spark release, e.g. {@code 4.2.0} (PySpark has the same)
 * @param scala  the Scala release, e.g. {@code 2.13.16}
 * @param java   the Java release executors run on, e.g. {@code 17}
 */
public record RuntimeComponents(String python, String spark, String scala, String java) {

    /** A fixed component: the package names that denote it and its release in the runtime. */
    public record Component(String label, Set<String> names, String version) {
    }

    public List<Component> components() {
        return List.of(
                new Component("Python", Set.of("python", "python3", "cpython"), python),
                new Component("PySpark", Set.of("pyspark", "pyspark-connect", "pyspark-client"), spark),
                new Component("Spark", Set.of("spark", "apache-spark", "spark-core"), spark),
                new Component("Scala", Set.of("scala", "scala-library"), scala),
                new Component("Java", Set.of("openjdk", "java", "jdk", "jre", "java-jdk", "openjdk-jre",
                        "temurin"), java));
    }

    /**
     * Checks every requirement that names a fixed component.
     *
     * @return those entries, each satisfied by the runtime (so nothing is installed for them), by name
     * @throws InvalidSpecException {@code RUNTIME_COMPONENT} for the first entry that would change one
     */
    public Map<String, Requirement> check(CondaSpec spec) {
        Map<String, Requirement> satisfied = new LinkedHashMap<>();
        for (Requirement r : spec.requirements()) {
            for (Component c : components()) {
                if (!c.names().contains(r.name())) {
                    continue;
                }
                if (r.url() != null || !r.constraint().satisfiedBy(c.version())) {
                    throw new InvalidSpecException("RUNTIME_COMPONENT", r.entry(), r.entry() + " '" + r.text()
                            + "' would change the runtime's " + c.label() + " " + c.version() + "; the runtime's "
                            + "Python, PySpark, Spark, Scala and Java are fixed: remove the entry or choose a "
                            + "runtime that has the version you need");
                }
                satisfied.put(r.entry(), r);
            }
        }
        return satisfied;
    }

    /** The fixed components as a base manifest: name to release. */
    public Map<String, String> asManifest() {
        Map<String, String> manifest = new LinkedHashMap<>();
        for (Component c : components()) {
            c.names().stream().sorted().forEach(n -> manifest.put(n, c.version()));
        }
        return manifest;
    }

    /** Human-readable, for errors and the API. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        components().forEach(c -> lines.add(c.label() + " " + c.version()));
        return lines;
    }
}
