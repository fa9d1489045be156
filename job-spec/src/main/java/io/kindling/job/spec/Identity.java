package io.kindling.job.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code identity} the job accesses data with.
 *
 * @param type          which identity
 * @param clientId      for a user-assigned managed identity, its client id, or {@code null}
 * @param objectId      for a user-assigned managed identity, its object id, or {@code null}
 * @param msiResourceId for a user-assigned managed identity, its resource id, or {@code null}
 */
public record Identity(Type type, String clientId, String objectId, String msiResourceId) {

    /** The identity types of an Azure ML spark job. */
    public enum Type {
        /** {@code user_identity}: the submitting user's identity. */
        USER_IDENTITY("user_identity"),
        /** {@code managed} (or {@code managed_identity}): the compute's or a user-assigned managed identity. */
        MANAGED("managed"),
        /** {@code aml_token}: a workspace token (the Azure ML SDK's default when no identity is given). */
        AML_TOKEN("aml_token");

        private final String specName;

        Type(String specName) {
            this.specName = specName;
        }

        public String specName() {
            return specName;
        }

        /** Reads the spec's name, case-insensitively; {@code managed_identity} is {@code managed}. */
        static Optional<Type> of(String text) {
            String name = text.toLowerCase(Locale.ROOT);
            if (name.equals("managed_identity")) {
                return Optional.of(MANAGED);
            }
            return Arrays.stream(values()).filter(t -> t.specName.equals(name)).findFirst();
        }
    }
}
