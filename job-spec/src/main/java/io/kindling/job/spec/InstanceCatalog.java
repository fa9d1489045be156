package io.kindling.job.spec;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The node sizes a workspace offers for serverless Spark, looked up by name, case-insensitively. */
public final class InstanceCatalog {

    private static final long GIB = 1024;
    private static final InstanceCatalog DEFAULTS = of(List.of(
            new InstanceType("standard_e4s_v3", 4, 32 * GIB),
            new InstanceType("standard_e8s_v3", 8, 64 * GIB),
            new InstanceType("standard_e16s_v3", 16, 128 * GIB),
            new InstanceType("standard_e32s_v3", 32, 256 * GIB),
            new InstanceType("standard_e64s_v3", 64, 432 * GIB)));

    private final Map<String, InstanceType> byName;

    private InstanceCatalog(Map<String, InstanceType> byName) {
        this.byName = byName;
    }

    /** @throws IllegalArgumentException when two types have the same name, ignoring case */
    public static InstanceCatalog of(Collection<InstanceType> types) {
        Map<String, InstanceType> byName = new LinkedHashMap<>();
        for (InstanceType type : types) {
            if (byName.putIfAbsent(key(type.name()), type) != null) {
                throw new IllegalArgumentException("instance type " + type.name() + " is listed twice");
            }
        }
        return new InstanceCatalog(byName);
    }

    /** The memory-optimized sizes Azure ML serverless Spark offers, under their Azure names. */
    public static InstanceCatalog defaults() {
        return DEFAULTS;
    }

    public Optional<InstanceType> find(String name) {
        return Optional.ofNullable(byName.get(key(name)));
    }

    /** The names, in catalog order, for error messages and the API. */
    public List<String> names() {
        return byName.values().stream().map(InstanceType::name).toList();
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
