package io.kindling.kit.runtime;

import java.nio.file.Path;

/**
 * One installed Spark runtime.
 *
 * @param version      the runtime version users ask for, e.g. {@code 4.2}
 * @param sparkVersion the exact Spark release, e.g. {@code 4.2.0}
 * @param scalaVersion the Scala binary version, e.g. {@code 2.13}
 * @param home         the runtime directory ({@code SPARK_HOME} for workers): {@code jars/}, {@code conf/},
 *                     {@code python/}
 * @param python       its Python side, if it has one
 */
public record SparkRuntime(String version, String sparkVersion, String scalaVersion, Path home,
                           java.util.Optional<RuntimePython> python) {

    /** A runtime with the Python side its directory has, if any. */
    public SparkRuntime(String version, String sparkVersion, String scalaVersion, Path home) {
        this(version, sparkVersion, scalaVersion, home, RuntimePython.read(home));
    }

    /**
     * The JVM flags Spark needs on Java 17 ({@code --add-opens ...}), from {@code conf/java-module-options},
     * which the runtime build takes from Spark's own {@code JavaModuleOptions}.
     */
    public java.util.List<String> moduleOptions() {
        Path file = home.resolve("conf/java-module-options");
        if (!java.nio.file.Files.exists(file)) {
            return java.util.List.of();
        }
        try {
            return java.nio.file.Files.readAllLines(file).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Whether the runtime runs Python: it has an interpreter with PySpark under {@code python/}. */
    public boolean runsPython() {
        return python.isPresent();
    }

    /** The classpath of cluster processes and the session agent. */
    public String classpath() {
        return home.resolve("jars") + "/*" + java.io.File.pathSeparator + home.resolve("agent/session-agent.jar");
    }
}
