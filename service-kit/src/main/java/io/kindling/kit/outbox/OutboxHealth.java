package io.kindling.kit.outbox;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code outbox}: DOWN while the relay has not published for longer than {@code stuckAfter} although events wait,
 * with the last error and since when: the service takes requests but its events do not reach the bus.
 */
public class OutboxHealth implements HealthIndicator {

    private final OutboxRelay relay;
    private final Clock clock;
    private final Duration stuckAfter;

    public OutboxHealth(OutboxRelay relay, Clock clock, Duration stuckAfter) {
        this.relay = relay;
        this.clock = clock;
        this.stuckAfter = stuckAfter;
    }

    @Override
    public Health health() {
        OutboxRelay.Progress progress = relay.progress();
        if (progress.failingSince() == null) {
            return Health.up().withDetail("lastPublishedAt", String.valueOf(progress.lastPublishedAt())).build();
        }
        Duration failing = Duration.between(progress.failingSince(), clock.instant());
        Health.Builder health = failing.compareTo(stuckAfter) > 0 ? Health.down() : Health.up();
        return health.withDetail("failingSince", progress.failingSince().toString())
                .withDetail("lastError", String.valueOf(progress.lastError()))
                .withDetail("lastPublishedAt", String.valueOf(progress.lastPublishedAt())).build();
    }
}
