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
 *                    came before what it is about ({@link NotYetApplicableException}). It must leave a minute of
 *                    Kafka's {@code max.poll.interval.ms} (5 min unless configured, for any consumer of the service)
 *                    for the rest of a poll, or the consumer is dropped from its group ({@link #checkWithin}). An
 *                    event that is still not applicable then goes to the dead-letter topic.
 * @param retention   how long an applied event's id is remembered ({@link InboxPruner}): a redelivery of an event
 *                    the inbox has forgotten is applied again, so this must be at least as long as the bus keeps an
 *                    event (Kafka's {@code log.retention.hours}, 7 days unless set): a consumer group whose offsets
 *                    expired while its service was away reads its topics again from the earliest record kept.
 */
@Validated
@ConfigurationProperties("kindling.inbox")
public record InboxProperties(@NotNull @DefaultValue("4m") Duration waitInPlace,
                              @NotNull @DefaultValue("8d") Duration retention) {

    /** What a poll needs besides the one event waited for: the others it brought, and the offset commit. */
    static final Duration REST_OF_POLL = Duration.ofMinutes(1);

    public InboxProperties {
        if (waitInPlace != null && waitInPlace.isNegative()) {
            throw new IllegalArgumentException("kindling.inbox.wait-in-place must not be negative, not " + waitInPlace);
        }
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("kindling.inbox.retention must be positive, not " + retention);
        }
    }

    /**
     * Fails, naming both settings, unless the wait leaves {@link #REST_OF_POLL} of the shortest poll interval a
     * consumer of the service runs with ({@link PollInterval#shortest}): past it Kafka drops a consumer that waits in
     * place from its group, hands its partitions to another member and the event back to it, for ever.
     */
    public InboxProperties checkWithin(PollInterval pollInterval) {
        if (waitInPlace.plus(REST_OF_POLL).compareTo(pollInterval.value()) > 0) {
            throw new IllegalStateException("kindling.inbox.wait-in-place (" + waitInPlace + ") must be at least "
                    + REST_OF_POLL.toMinutes() + "m below Kafka's max.poll.interval.ms (" + pollInterval.value()
                    + ", " + pollInterval.setting() + "): a consumer waiting longer is dropped from its group");
        }
        return this;
    }
}
