package io.kindling.gateway.workspace;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Who a role is assigned to, and who a job's Spark code reaches data as.
 *
 * @param type {@code user}, {@code managed} (a user-assigned managed identity of the workspace, by name) or
 *             {@code system} (an attached pool's system-assigned identity, by pool name)
 * @param name the user, identity or pool name
 */
public record Principal(Type type, String name) {

    public enum Type {
        USER, MANAGED, SYSTEM;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Type> of(String text) {
            return Arrays.stream(values()).filter(t -> t.apiName().equals(text)).findFirst();
        }
    }

    /** How a message names it: {@code user 'alice'}, {@code managed identity 'etl'}. */
    public String describe() {
        return switch (type) {
            case USER -> "user '" + name + "'";
            case MANAGED -> "managed identity '" + name + "'";
            case SYSTEM -> "the system-assigned identity of pool '" + name + "'";
        };
    }
}
