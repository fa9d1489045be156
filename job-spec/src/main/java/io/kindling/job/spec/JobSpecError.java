package io.kindling.job.spec;

/**
 * Why a spark job spec is refused. The names are stable: clients and the gateway's problem responses match on
 * them, so a constant is never renamed or reused for another meaning.
 */
public enum JobSpecError {
    /** The text is empty, too large, not YAML or JSON, more than one document, or not a mapping at the top. */
    MALFORMED_SPEC,
    /** A key the spark job schema does not have, at any level (the key is named). */
    UNKNOWN_FIELD,
    /** A required field is absent, or a field another one makes required (dynamic allocation, resources). */
    MISSING_FIELD,
    /** A field has the wrong shape (a list where a string belongs) or a value outside its allowed set. */
    INVALID_FIELD,
    /** Two fields that exclude each other are both set: {@code compute} and {@code resources}, or both entries. */
    CONFLICTING_FIELDS,
    /** A memory size is not {@code <digits><k|m|g|t|p>}; Azure ML requires the unit. */
    INVALID_MEMORY,
    /** Executor counts that contradict the dynamic allocation setting or each other. */
    INVALID_DYNAMIC_ALLOCATION,
    /** {@code resources.instance_type} is not in the instance catalog. */
    UNKNOWN_INSTANCE_TYPE,
    /** Driver or executor cores or memory larger than one node of the instance type. */
    EXCEEDS_INSTANCE_TYPE,
    /** More executors, cores or memory than this install lets one job have (its configured limits). */
    CAPACITY_EXCEEDED,
    /** {@code resources.runtime_version} is not an installed runtime. */
    UNKNOWN_RUNTIME,
    /** The runtime is installed but past its end of support. */
    RUNTIME_RETIRED,
    /** The same entry twice in {@code jars}, {@code files}, {@code archives} or {@code py_files}. */
    DUPLICATE_ENTRY,
    /** An input or output mode other than {@code direct}, the only one a spark job supports. */
    UNSUPPORTED_MODE,
    /** {@code args} refers to {@code ${{inputs.x}}} but the spec declares no input {@code x}. */
    UNKNOWN_INPUT,
    /** {@code args} refers to {@code ${{outputs.y}}} but the spec declares no output {@code y}. */
    UNKNOWN_OUTPUT,
    /** A Python entry ({@code entry.file}) on a runtime without PySpark. */
    PYTHON_NOT_SUPPORTED,
    /** A data path names a datastore this workspace does not have. */
    UNKNOWN_DATASTORE,
    /**
     * {@code code}, or a file {@code entry}, {@code jars}, {@code files}, {@code archives} or {@code py_files}
     * names, is not there: not uploaded, not a known artifact, or missing from the code folder.
     */
    FILE_NOT_FOUND,
    /** A {@code conf} key Kindling sets itself (the master, the application's name, {@code spark.kindling.*}). */
    RESERVED_CONF,
    /** A {@code conf} key outside the allowlist of {@link SparkConfPolicy}. */
    CONF_NOT_ALLOWED,
    /** An absolute path or {@code file:} URI outside the host folders the operator allows ({@link HostPaths}). */
    HOST_PATH_REFUSED
}
