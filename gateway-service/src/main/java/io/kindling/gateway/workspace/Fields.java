package io.kindling.gateway.workspace;

import io.kindling.kit.problem.ApiProblem;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** The fields of a JSON request object, each refusal a 400 naming the field. */
public final class Fields {

    private static final int MAX_TEXT = 1024;

    private final JsonNode body;
    private final String prefix;

    private Fields(JsonNode body, String prefix) {
        this.body = body;
        this.prefix = prefix;
    }

    public static Fields of(JsonNode body, Set<String> allowed) {
        return of(body, allowed, "");
    }

    /** @param prefix how the fields are named in errors, e.g. {@code principal.} */
    public static Fields of(JsonNode body, Set<String> allowed, String prefix) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("INVALID_FIELD", (prefix.isEmpty() ? "the body" : prefix.substring(0,
                    prefix.length() - 1)) + " must be a JSON object").with("field", prefix.isEmpty() ? "body"
                    : prefix.substring(0, prefix.length() - 1));
        }
        for (Iterator<String> names = body.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiProblem.badRequest("UNKNOWN_FIELD", "unknown field '" + prefix + name + "'; fields: "
                        + allowed.stream().sorted().toList()).with("field", prefix + name);
            }
        }
        return new Fields(body, prefix);
    }

    public String required(String name, Pattern pattern) {
        String value = optional(name, pattern);
        if (value == null) {
            throw ApiProblem.badRequest("MISSING_FIELD", prefix + name + " is required").with("field", prefix + name);
        }
        return value;
    }

    public String optional(String name) {
        return optional(name, null);
    }

    public String optional(String name, Pattern pattern) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        // PostgreSQL keeps no NUL in text: refused here, not failed on the insert
        if (!node.isString() || node.asString().length() > MAX_TEXT || node.asString().indexOf('\0') >= 0) {
            throw ApiProblem.badRequest("INVALID_FIELD", prefix + name + " must be a string of at most " + MAX_TEXT
                    + " characters, without NUL").with("field", prefix + name);
        }
        String value = node.asString();
        if (pattern != null && !pattern.matcher(value).matches()) {
            throw ApiProblem.badRequest("INVALID_FIELD", prefix + name + " '" + value + "' must match "
                    + pattern.pattern()).with("field", prefix + name);
        }
        return value;
    }

    public JsonNode object(String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            throw ApiProblem.badRequest("MISSING_FIELD", prefix + name + " is required").with("field", prefix + name);
        }
        return node;
    }
}
