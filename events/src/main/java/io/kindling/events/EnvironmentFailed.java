package io.kindling.events;

import java.time.Instant;

/**
 * The environment a session asked for cannot be had; the session fails with {@code ENVIRONMENT_FAILED}.
 *
 * @param specHash     the environment's key, or {@code null} when the spec could not even be read
 * @param reason       {@code INVALID_SPEC}, {@code INSTALL_TIMEOUT} or {@code INSTALL_ERROR}
 * @param message      what happened and what the user can do about it
 * @param pending      what the build was doing when it stopped (e.g. the packages still being installed), or
 *                     {@code null}
 * @param pendingSince when that step started, or {@code null}
 */
public record EnvironmentFailed(String sessionId, long generation, String specHash, String reason, String message,
                                String pending, Instant pendingSince, Instant failedAt) implements DomainEvent {

    public static final String TYPE = "kindling.environment.failed.v1";

    @Override
    public String aggregateId() {
        return sessionId;
    }

    @Override
    public Instant occurredAt() {
        return failedAt;
    }
}
