package io.kindling.gateway.session;

import io.kindling.events.ClusterSize;
import io.kindling.gateway.GatewayProperties;
import io.kindling.gateway.pool.AttachedPool;
import io.kindling.job.spec.SparkConfPolicy;
import io.kindling.kit.problem.ApiProblem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads and validates a create-session body (Livy's field names). Every failure names the field, with a
 * stable code; nothing is defaulted silently except documented defaults.
 */
final class SessionRequestParser {

    static final Set<String> FIELDS = Set.of("name", "kind", "runtimeVersion", "numExecutors", "executorCores",
            "executorMemory", "driverCores", "driverMemory", "timeoutMinutes", "conf", "conda", "identity", "compute");
    static final List<String> KINDS = List.of("sql", "pyspark");
    /** Sizes a session gives as its own fields (a job gives them as conf). */
    static final Set<String> SIZE_CONF = Set.of("spark.executor.instances", "spark.executor.cores",
            "spark.executor.memory", "spark.driver.memory", "spark.driver.cores");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.-]{0,127}");
    private static final Pattern CONF_KEY = Pattern.compile("spark\\.[A-Za-z0-9_.-]{1,250}");

    private final GatewayProperties.Limits limits;
    private final int defaultTimeoutMinutes;
    /** Checks a conda spec for a runtime; throws the 400. */
    private final java.util.function.BiConsumer<String, String> condaCheck;

    SessionRequestParser(GatewayProperties.Limits limits, int defaultTimeoutMinutes,
                         java.util.function.BiConsumer<String, String> condaCheck) {
        this.limits = limits;
        this.defaultTimeoutMinutes = defaultTimeoutMinutes;
        this.condaCheck = condaCheck;
    }

    /** Parses a request for an install whose every runtime runs Python. */
    SessionSpec parse(JsonNode body, Collection<String> runtimes, String defaultRuntime) {
        return parse(body, runtimes, runtimes, defaultRuntime);
    }

    /**
     * @param runtimes       the installed runtime versions
     * @param pythonRuntimes those of them that run Python ({@code pyspark} sessions)
     */
    SessionSpec parse(JsonNode body, Collection<String> runtimes, Collection<String> pythonRuntimes,
                      String defaultRuntime) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("MALFORMED_REQUEST", "the body must be a JSON object");
        }
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw invalid("UNKNOWN_FIELD", field, "unknown field '" + field + "'; known fields: " + sorted(FIELDS));
            }
        }
        identity(body.get("identity"));
        String name = optionalText(body, "name", null);
        if (name != null && !NAME.matcher(name).matches()) {
            throw invalid("INVALID_FIELD", "name",
                    "name must be 1-128 letters, digits, spaces, '_', '.' or '-', starting with a letter or digit");
        }
        String kind = optionalText(body, "kind", "sql");
        if (!KINDS.contains(kind)) {
            throw invalid("UNSUPPORTED_KIND", "kind", "kind '" + kind + "' is not supported; supported: " + KINDS);
        }
        String runtime = optionalText(body, "runtimeVersion", defaultRuntime);
        if (!runtimes.contains(runtime)) {
            throw invalid("UNKNOWN_RUNTIME", "runtimeVersion", "runtime '" + runtime + "' is not installed; available: "
                    + sorted(runtimes)).with("available", sorted(runtimes));
        }
        if (kind.equals("pyspark") && !pythonRuntimes.contains(runtime)) {
            throw invalid("UNSUPPORTED_KIND", "kind", "runtime " + runtime + " has no Python, so it runs no 'pyspark' "
                    + "session; runtimes with Python: " + sorted(pythonRuntimes)).with("runtimeVersion", runtime);
        }
        int executors = positiveInt(body, "numExecutors", 2);
        int executorCores = positiveInt(body, "executorCores", 1);
        long executorMb = memory(body, "executorMemory", "1g");
        int driverCores = positiveInt(body, "driverCores", 1);
        long driverMb = memory(body, "driverMemory", "1g");
        int timeout = positiveInt(body, "timeoutMinutes", defaultTimeoutMinutes);
        if (timeout > 10080) {
            throw invalid("INVALID_FIELD", "timeoutMinutes", "timeoutMinutes must be at most 10080 (7 days)");
        }
        ClusterSize size = new ClusterSize(executors, executorCores, executorMb, driverCores, driverMb);
        checkCapacity(size);
        Map<String, String> conf = conf(body);
        String conda = optionalText(body, "conda", null);
        if (conda != null) {
            condaCheck.accept(runtime, conda);
        }
        String compute = optionalText(body, "compute", null);
        if (compute != null && !AttachedPool.NAME.matcher(compute).matches()) {
            throw invalid("INVALID_FIELD", "compute", "compute names an attached pool: 1-40 lower-case letters, "
                    + "digits or '-'");
        }
        return new SessionSpec(name, kind, runtime, size, timeout, conf, conda, compute);
    }

    /**
     * An interactive session always reaches data as its user, as in Azure ML: {@code identity} may only say so
     * ({@code {"type": "user_identity"}}).
     */
    private static void identity(JsonNode identity) {
        if (identity == null || identity.isNull()) {
            return;
        }
        JsonNode type = identity.isObject() ? identity.get("type") : null;
        if (type == null || !type.isString() || identity.size() != 1) {
            throw invalid("INVALID_FIELD", "identity", "identity must be {\"type\": \"user_identity\"}");
        }
        if (!type.asString().equals("user_identity")) {
            throw invalid("UNSUPPORTED_IDENTITY", "identity.type", "an interactive session always uses the "
                    + "caller's own identity (user_identity); '" + type.asString() + "' is for batch jobs");
        }
    }

    private void checkCapacity(ClusterSize size) {
        if (size.numExecutors() > limits.maxExecutors()) {
            throw invalid("CAPACITY_EXCEEDED", "numExecutors", "numExecutors " + size.numExecutors()
                    + " exceeds this install's limit of " + limits.maxExecutors()).with("limit", limits.maxExecutors());
        }
        long cores = (long) size.numExecutors() * size.executorCores() + size.driverCores();
        int maxCores = limits.effectiveMaxTotalCores();
        if (cores > maxCores) {
            throw invalid("CAPACITY_EXCEEDED", "executorCores", "the session needs " + cores
                    + " cores (numExecutors x executorCores + driverCores), over this install's limit of "
                    + maxCores).with("requested", cores).with("limit", maxCores);
        }
        long memoryMb = size.numExecutors() * size.executorMemoryMb() + size.driverMemoryMb();
        long limitMb = limits.effectiveMaxTotalMemory().toMegabytes();
        if (memoryMb > limitMb) {
            throw invalid("CAPACITY_EXCEEDED", "executorMemory", "the session needs " + MemorySize.format(memoryMb)
                    + " of memory (numExecutors x executorMemory + driverMemory), over this install's limit of "
                    + MemorySize.format(limitMb)).with("requested", MemorySize.format(memoryMb))
                    .with("limit", MemorySize.format(limitMb));
        }
    }

    private Map<String, String> conf(JsonNode body) {
        JsonNode conf = body.get("conf");
        if (conf == null || conf.isNull()) {
            return Map.of();
        }
        if (!conf.isObject()) {
            throw invalid("INVALID_FIELD", "conf", "conf must be an object of string values");
        }
        if (conf.size() > 200) {
            throw invalid("INVALID_CONF", "conf", "at most 200 conf entries");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : conf.properties()) {
            String key = e.getKey();
            String field = "conf." + key;
            if (!CONF_KEY.matcher(key).matches()) {
                throw invalid("INVALID_CONF", field, "conf keys must start with 'spark.' and use letters, digits, "
                        + "'_', '.' or '-' (at most 256 characters)");
            }
            if (SIZE_CONF.contains(key)) {
                throw invalid("RESERVED_CONF", field, key + " is set by Kindling; use the session's size fields instead");
            }
            Optional<SparkConfPolicy.Refusal> refusal = SparkConfPolicy.refusal(key);
            if (refusal.isPresent()) {
                throw invalid(refusal.get().code(), field, refusal.get().reason());
            }
            // no NUL: PostgreSQL cannot keep it, and no process takes it in an argument
            if (!e.getValue().isString() || e.getValue().asString().length() > 4096
                    || e.getValue().asString().indexOf('\0') >= 0) {
                throw invalid("INVALID_CONF", field, field + " must be a string of at most 4096 characters, "
                        + "without NUL");
            }
            result.put(key, e.getValue().asString());
        }
        return result;
    }

    private long memory(JsonNode body, String field, String fallback) {
        String text = optionalText(body, field, fallback);
        long mb = MemorySize.parseMb(text).orElseThrow(() -> invalid("INVALID_MEMORY", field,
                field + " '" + text + "' is not a memory size: use digits and one unit of k, m, g, t (e.g. 512m, 2g)"));
        if (mb < limits.minMemory().toMegabytes()) {
            throw invalid("INVALID_MEMORY", field, field + " must be at least "
                    + MemorySize.format(limits.minMemory().toMegabytes()) + " (Spark needs 450m of heap)");
        }
        return mb;
    }

    private static int positiveInt(JsonNode body, String field, int fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw invalid("INVALID_FIELD", field, field + " must be a whole number");
        }
        if (node.asInt() <= 0) {
            throw invalid("INVALID_SIZE", field, field + " must be positive, was " + node.asInt());
        }
        return node.asInt();
    }

    private static String optionalText(JsonNode body, String field, String fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isString()) {
            throw invalid("INVALID_FIELD", field, field + " must be a string");
        }
        return node.asString();
    }

    private static ApiProblem invalid(String code, String field, String detail) {
        return ApiProblem.badRequest(code, detail).with("field", field);
    }

    private static List<String> sorted(Collection<String> values) {
        List<String> list = new ArrayList<>(values);
        list.sort(null);
        return list;
    }
}
