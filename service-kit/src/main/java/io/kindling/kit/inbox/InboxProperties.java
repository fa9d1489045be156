package io.kindling.kit.inbox;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a service's consumers apply events.
 *
 * @param waitInPlace how long a consumer applies an event again in place while the database is away or the event
 *                    came before what it is about ({@link NotYetApplicableException}). It must stay below Kafka's
 *                    {@code max.poll.interval.ms} (5 min), or the consumer is dropped from its group. An event that
 *                    is still not applicable then goes to the dead-letter topic.
 */
@Validated
@ConfigurationProperties("kindling.inbox")
public record InboxProperties(@NotNull @DefaultValue("4m") Duration waitInPlace) {

    public InboxProperties {
        if (waitInPlace != null && (waitInPlace.isNegative() || waitInPlace.compareTo(Duration.ofMinutes(4)) > 0)) {
            throw new IllegalArgumentException("kindling.inbox.wait-in-place must be between 0 and 4m (below Kafka's "
                    + "max.poll.interval.ms, 5 min), not " + waitInPlace);
        }
    }
}
