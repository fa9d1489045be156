package io.kindling.agent.statement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The statement kinds this agent supports, by name. */
public final class StatementKinds {

    private final Map<String, StatementKind> byName = new LinkedHashMap<>();

    /** Registers {@code kinds}; names must be unique. */
    public StatementKinds(List<StatementKind> kinds) {
        for (StatementKind kind : kinds) {
            if (byName.putIfAbsent(kind.name(), kind) != null) {
                throw new IllegalArgumentException("statement kind '" + kind.name() + "' registered twice");
            }
        }
    }

    /** The kind called {@code name}, if supported. */
    public Optional<StatementKind> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /** The error message for an unsupported kind, listing the supported ones. */
    public String unsupported(String name) {
        return "unsupported statement kind '" + name + "' (supported: " + String.join(", ", byName.keySet()) + ")";
    }
}
