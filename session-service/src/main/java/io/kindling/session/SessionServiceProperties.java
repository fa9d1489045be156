package io.kindling.session;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * session-service.
 *
 * @param workDir             where each driver gets its directory (agent.properties, log, warehouse)
 * @param driverReadyTimeout  bound on a driver's start: launch until its executors registered
 * @param driverStopTimeout   how long a driver may take to stop after SIGTERM before it is killed
 * @param agentCallTimeout    bound on one HTTP call to an agent (long-polls wait less than this)
 * @param driverLostAfter     how long an agent may be unreachable before its running statements fail
 * @param timeoutUnit         how long one minute of a session's {@code timeoutMinutes} lasts: {@code 1m} in
 *                            production; tests shorten it to run real timeouts in seconds
 */
@Validated
@ConfigurationProperties("kindling.session")
public record SessionServiceProperties(
        @NotNull Path workDir,
        @NotNull @DefaultValue("180s") Duration driverReadyTimeout,
        @NotNull @DefaultValue("15s") Duration driverStopTimeout,
        @NotNull @DefaultValue("30s") Duration agentCallTimeout,
        @NotNull @DefaultValue("20s") Duration driverLostAfter,
        @NotNull @DefaultValue("1m") Duration timeoutUnit) {
}
