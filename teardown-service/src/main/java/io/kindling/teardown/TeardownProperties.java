package io.kindling.teardown;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * teardown-service.
 *
 * @param clusterGrace  how long a WARM serverless cluster waits for a matching session before TeardownDue
 * @param sweepInterval how often due deadlines are looked for: the firing precision
 * @param batchSize     deadlines fired per transaction
 */
@Validated
@ConfigurationProperties("kindling.teardown")
public record TeardownProperties(
        @NotNull @DefaultValue("10m") Duration clusterGrace,
        @NotNull @DefaultValue("250ms") Duration sweepInterval,
        @Min(1) @Max(10_000) @DefaultValue("100") int batchSize) {
}
