package io.kindling.teardown.deadline;

import io.kindling.events.SessionExpired;
import io.kindling.events.TeardownDue;
import io.kindling.kit.loop.BackgroundLoop;
import io.kindling.kit.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fires due deadlines: claims them with {@code FOR UPDATE SKIP LOCKED} (several replicas never fire one
 * twice), marks them FIRED and writes their event to the outbox in one transaction. Deadlines that fell due
 * while no replica ran fire at the first sweep after start, so a restart loses nothing.
 */
public class DeadlineSweeper extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(DeadlineSweeper.class);

    private final DeadlineRepository deadlines;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration interval;
    private final int batchSize;
    private final DeadlineTelemetry telemetry;

    public DeadlineSweeper(DeadlineRepository deadlines, Outbox outbox, TransactionTemplate tx, Clock clock,
                           Duration interval, int batchSize, DeadlineTelemetry telemetry) {
        super("deadline-sweeper");
        this.telemetry = telemetry;
        this.deadlines = deadlines;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.interval = interval;
        this.batchSize = batchSize;
    }

    /** Fires what is due now; returns how many fired. */
    public int sweep() {
        Integer fired = tx.execute(status -> {
            Instant now = clock.instant();
            List<Deadline> due = deadlines.claimDue(now, batchSize);
            for (Deadline d : due) {
                deadlines.fired(d.id(), now);
                telemetry.fired(d, now, () -> outbox.add(switch (d.kind()) {
                    case SESSION_EXPIRY -> new SessionExpired(d.subject(), d.generation(), d.generation(), d.dueAt(), now);
                    case CLUSTER_TEARDOWN -> new TeardownDue(d.subject(), d.generation(), d.generation(), d.dueAt(), now);
                }));
                log.info("deadline {} fired {} ms after it was due", d.id(), Duration.between(d.dueAt(), now).toMillis());
            }
            return due.size();
        });
        return fired == null ? 0 : fired;
    }

    @Override
    protected void round() {
        while (active() && sweep() == batchSize) {
            // more are due: go on at once
        }
    }

    @Override
    protected void idle() throws InterruptedException {
        Thread.sleep(interval.toMillis());
    }

    @Override
    protected Duration firstBackoff() {
        return Duration.ofMillis(Math.max(interval.toMillis(), 1000));
    }
}
