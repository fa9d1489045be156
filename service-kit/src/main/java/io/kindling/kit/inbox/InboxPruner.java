package io.kindling.kit.inbox;

import io.kindling.kit.jdbc.SqlTime;
import io.kindling.kit.loop.BackgroundLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Forgets applied events older than {@code kindling.inbox.retention}: without it the inbox kept a row for every event
 * a service ever consumed. Rows go in chunks, each its own statement, so a large backlog (the first run after an
 * upgrade) never holds one long transaction or lock; every replica may prune, since a row deleted twice is no harm.
 * The watermarks ({@code event_watermark}, one row per producer and aggregate) are kept: they are what makes an
 * event stale, and there is one per session or cluster, not per event.
 */
public class InboxPruner extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(InboxPruner.class);
    static final Duration EVERY = Duration.ofMinutes(10);
    static final int CHUNK = 10_000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration retention;
    private final Counter pruned;

    public InboxPruner(JdbcClient jdbc, Clock clock, InboxProperties props, MeterRegistry meters, String service) {
        super("inbox-pruner-" + service);
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = props.retention();
        this.pruned = Counter.builder("kindling.inbox.pruned")
                .description("Applied events the inbox forgot, past kindling.inbox.retention").register(meters);
    }

    @Override
    protected void round() {
        int deleted = prune();
        if (deleted > 0) {
            log.info("inbox: forgot {} events applied more than {} ago", deleted, retention);
        }
    }

    /** Deletes every applied-event row past the retention, a chunk at a time; returns how many. */
    public int prune() {
        Instant before = clock.instant().minus(retention);
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                    DELETE FROM processed_event WHERE ctid = ANY (ARRAY(
                        SELECT ctid FROM processed_event WHERE processed_at < :before LIMIT :chunk))
                    """).param("before", SqlTime.of(before)).param("chunk", CHUNK).update();
            total += deleted;
            pruned.increment(deleted);
        } while (deleted == CHUNK && !Thread.currentThread().isInterrupted());
        return total;
    }

    @Override
    protected void idle() throws InterruptedException {
        Thread.sleep(EVERY.toMillis());
    }

    @Override
    protected Duration firstBackoff() {
        return Duration.ofMinutes(1);
    }

    @Override
    protected Duration maxBackoff() {
        return EVERY;
    }
}
