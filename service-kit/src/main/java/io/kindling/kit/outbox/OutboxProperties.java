package io.kindling.kit.outbox;

import java.time.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The outbox relay of a service.
 *
 * @param pollInterval how often the relay looks for unsent rows when no commit woke it
 * @param batchSize    rows published per transaction
 * @param retention    how long sent rows are kept (for diagnosis) before they are deleted
 * @param stuckAfter   how long the relay may fail to publish before the service reports itself not ready
 */
@Validated
@ConfigurationProperties("kindling.outbox")
public record OutboxProperties(
        @NotNull @DefaultValue("500ms") Duration pollInterval,
        @Min(1) @Max(10_000) @DefaultValue("200") int batchSize,
        @NotNull @DefaultValue("1d") Duration retention,
        @NotNull @DefaultValue("30s") Duration stuckAfter) {
}
