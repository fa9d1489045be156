package io.kindling.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A workspace admin attached a Spark standalone cluster the organisation runs, and the gateway found its master
 * answering. provisioning-service places the sessions and jobs that name it ({@code compute}) there, and never
 * tears it down.
 *
 * @param pool           its name, unique in this install
 * @param sparkVersion   what its master reported (matches an installed runtime)
 * @param runtimeVersion the installed runtime its drivers run with
 * @param identityType   {@code system_assigned} or {@code user_assigned}
 * @param identityClientId the client id of its user-assigned identity, or {@code null}
 * @param conf           Spark conf every application on it gets (a session's own conf wins)
 * @param jars           libraries every application on it gets ({@code spark.jars})
 */
public record PoolAttached(String pool, long generation, String workspace, String masterUrl, String restUrl,
                           String webUiUrl, String sparkVersion, String runtimeVersion, String identityType,
                           String identityClientId, Map<String, String> conf, List<String> jars, String attachedBy,
                           Instant attachedAt) implements DomainEvent {

    public static final String TYPE = "kindling.pool.attached.v1";

    public PoolAttached {
        conf = conf == null ? Map.of() : Map.copyOf(conf);
        jars = jars == null ? List.of() : List.copyOf(jars);
    }

    @Override
    public String aggregateId() {
        return pool;
    }

    @Override
    public Instant occurredAt() {
        return attachedAt;
    }
}
