package io.kindling.agent.python;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Where a session's Python interpreter finds its SparkSession, by the key it was started with: the interpreter calls
 * {@link #session} and {@link #javaSparkContext} through the agent's Py4J gateway. A key is random and given to one
 * interpreter only, in its environment; it is forgotten when the interpreter closes.
 */
public final class PythonSessions {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, SparkSession> SESSIONS = new ConcurrentHashMap<>();

    private PythonSessions() {
    }

    /** Registers {@code spark} under a new key, which is returned. */
    static String register(SparkSession spark) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String key = HexFormat.of().formatHex(bytes);
        SESSIONS.put(key, spark);
        return key;
    }

    static void forget(String key) {
        SESSIONS.remove(key);
    }

    /** Called from Python: the SparkSession registered under {@code key}. */
    public static SparkSession session(String key) {
        SparkSession spark = SESSIONS.get(key);
        if (spark == null) {
            throw new IllegalArgumentException("no session is registered under this key");
        }
        return spark;
    }

    /** Called from Python: the cluster's SparkContext, wrapped as PySpark wants it. */
    public static JavaSparkContext javaSparkContext(String key) {
        return JavaSparkContext.fromSparkContext(session(key).sparkContext());
    }
}
