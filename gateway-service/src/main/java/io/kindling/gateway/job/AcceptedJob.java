package io.kindling.gateway.job;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job the gateway accepted and published: what its view shows until session-service has it, and what a retry
 * with the same {@code Idempotency-Key} is compared with.
 *
 * @param spec        the spec text as written
 * @param code        the {@code code} of JobSubmitted: the uploaded code's {@code file:} URI, or {@code null}
 * @param artifactId  the artifact the upload was stored as, or {@code null}
 * @param fingerprint {@link JobRequest#fingerprint()}
 */
record AcceptedJob(String id, String owner, String name, String displayName, String experimentName,
                   String description, Map<String, String> tags, String runtimeVersion, String instanceType,
                   String compute, String spec, String code, String artifactId, String fingerprint,
                   Instant createdAt) {

    AcceptedJob {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }
}
