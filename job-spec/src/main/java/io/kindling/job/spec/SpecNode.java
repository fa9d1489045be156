package io.kindling.job.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A mapping of the spec being read, with its path, so every error names the field: {@code inputs.raw.mode}.
 * Values read as absent when the key is missing or its value is {@code null}.
 */
final class SpecNode {

    private final Map<?, ?> map;
    private final String path;

    private SpecNode(Map<?, ?> map, String path) {
        this.map = map;
        this.path = path;
    }

    /** @throws InvalidJobSpecException {@code MALFORMED_SPEC} when the document is not a mapping */
    static SpecNode root(Object document) {
        if (!(document instanceof Map<?, ?> map)) {
            throw new InvalidJobSpecException(JobSpecError.MALFORMED_SPEC, "spec",
                    "the spark job spec must be a mapping with type: spark, entry, conf and compute or resources");
        }
        return new SpecNode(map, "");
    }

    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** @throws InvalidJobSpecException {@code UNKNOWN_FIELD} for the first key not in {@code known} */
    SpecNode allowOnly(Set<String> known) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String k) || !known.contains(k)) {
                throw new InvalidJobSpecException(JobSpecError.UNKNOWN_FIELD, field(String.valueOf(key)),
                        "unknown field '" + field(String.valueOf(key)) + "' in the spark job spec; known "
                        + (path.isEmpty() ? "top-level fields" : "fields of " + path) + ": "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
        return this;
    }

    boolean has(String key) {
        return map.get(key) != null;
    }

    /** The keys in the order written, for a mapping of names ({@code inputs}, {@code outputs}). */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (Object key : map.keySet()) {
            if (!(key instanceof String k) || k.isBlank()) {
                throw invalid(field(String.valueOf(key)), "must be named by a non-empty string", key);
            }
            keys.add(k);
        }
        return keys;
    }

    Object raw(String key) {
        return map.get(key);
    }

    /** @return the text, stripped, or {@code null} when absent */
    String string(String key) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof String s && !s.isBlank()) {
            return s.strip();
        }
        throw invalid(field(key), "must be a non-empty string", value);
    }

    /** @throws InvalidJobSpecException {@code MISSING_FIELD} when absent */
    String requireString(String key, String why) {
        String value = string(key);
        if (value == null) {
            throw missing(field(key), why);
        }
        return value;
    }

    /** @return the nested mapping, or {@code null} when absent */
    SpecNode node(String key) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> nested) {
            return new SpecNode(nested, field(key));
        }
        throw invalid(field(key), "must be a mapping", value);
    }

    /** A list of non-empty strings, empty when absent. */
    List<String> strings(String key) {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw invalid(field(key), "must be a list of strings", value);
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object entry = list.get(i);
            if (!(entry instanceof String s) || s.isBlank()) {
                throw invalid(field(key) + "[" + i + "]", "must be a non-empty string", entry);
            }
            strings.add(s.strip());
        }
        return strings;
    }

    /** A mapping of names to scalar text, in the order written; empty when absent. Null values are dropped. */
    Map<String, String> stringMap(String key) {
        SpecNode nested = node(key);
        if (nested == null) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : nested.map.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!(e.getKey() instanceof String) || name.isBlank()) {
                throw invalid(nested.field(name), "must be named by a non-empty string", e.getKey());
            }
            if (e.getValue() == null) {
                continue;
            }
            if (!(e.getValue() instanceof String s)) {
                throw invalid(nested.field(name), "must be a single value, not a list or mapping", e.getValue());
            }
            values.put(name, s.strip());
        }
        return Collections.unmodifiableMap(values);
    }

    static InvalidJobSpecException invalid(String field, String rule, Object value) {
        return new InvalidJobSpecException(JobSpecError.INVALID_FIELD, field, field + " " + rule + ", was "
                + describe(value));
    }

    static InvalidJobSpecException missing(String field, String why) {
        return new InvalidJobSpecException(JobSpecError.MISSING_FIELD, field, field + " is required: " + why);
    }

    static String describe(Object value) {
        return value == null ? "empty" : value instanceof Map ? "a mapping" : value instanceof List ? "a list"
                : "'" + value + "'";
    }
}
