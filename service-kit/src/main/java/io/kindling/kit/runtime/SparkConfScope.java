package io.kindling.kit.runtime;

import io.kindling.job.spec.SparkConfPolicy;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which Spark conf is fixed for a driver's life (it needs a restart to change) and which each session sets
 * for itself. Sessions whose static conf differs never share a warm cluster; session conf never leaks from
 * one session to the next, because drivers start with the static part only.
 */
public final class SparkConfScope {

    /** {@code spark.sql.*} settings that are nevertheless static (Spark's StaticSQLConf). */
    private static final Set<String> STATIC_SQL = Set.of(
            "spark.sql.warehouse.dir", "spark.sql.catalogImplementation", "spark.sql.globalTempDatabase",
            "spark.sql.extensions", "spark.sql.queryExecutionListeners", "spark.sql.cache.serializer",
            "spark.sql.streaming.streamingQueryListeners", "spark.sql.ui.retainedExecutions",
            "spark.sql.sources.schemaStringLengthThreshold", "spark.sql.filesourceTableRelationCacheSize",
            "spark.sql.codegen.cache.maxEntries", "spark.sql.codegen.comments", "spark.sql.debug",
            "spark.sql.broadcastExchange.maxThreadThreshold", "spark.sql.subquery.maxThreadThreshold",
            "spark.sql.event.truncate.length", "spark.sql.legacy.sessionInitWithConfigDefaults",
            "spark.sql.defaultUrlStreamHandlerFactory.enabled", "spark.sql.metadataCacheTTLSeconds");

    /**
     * Keys that instruct Kindling rather than Spark ({@code spark.hadoop.aml.enable_cache} turns the environment
     * cache on, as in Azure ML): never passed to Spark, so they neither reach a driver nor split warm clusters.
     */
    public static final Set<String> CONTROL_PLANE = SparkConfPolicy.CONTROL_PLANE;

    private SparkConfScope() {
    }

    /** Whether a session can set this key on its own SparkSession. */
    public static boolean perSession(String key) {
        return key.startsWith("spark.sql.") && !STATIC_SQL.contains(key) && !key.startsWith("spark.sql.hive.")
                && !key.startsWith("spark.sql.streaming.ui.");
    }

    public static Map<String, String> staticPart(Map<String, String> conf) {
        return conf.entrySet().stream().filter(e -> !perSession(e.getKey()) && !CONTROL_PLANE.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b, TreeMap::new));
    }

    public static Map<String, String> sessionPart(Map<String, String> conf) {
        return conf.entrySet().stream().filter(e -> perSession(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b, TreeMap::new));
    }

    /** A stable text of the static part, for matching clusters. */
    public static String staticFingerprint(Map<String, String> conf) {
        return staticPart(conf).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"));
    }
}
