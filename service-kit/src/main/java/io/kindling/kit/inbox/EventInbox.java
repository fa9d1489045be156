package io.kindling.kit.inbox;

import io.kindling.kit.cloudevents.InboundEvent;
import io.kindling.kit.jdbc.SqlTime;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Remembers applied events in the consumer's transaction: a redelivered event id is ignored, and an event
 * whose generation is older than one already applied from the same producer and aggregate is stale. Events
 * of one transition may share a generation (SessionStarted and SessionIdle), so equal is not stale.
 */
public class EventInbox {

    /** What the inbox decided for one event. */
    public enum Verdict {
        /** New and current: apply it. */
        APPLY,
        /** This event id was applied before. */
        DUPLICATE,
        /** A newer event about the same aggregate from the same producer was applied already. */
        STALE
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public EventInbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * One round trip for the common case: the event id is recorded and the watermark advanced in a single statement
     * (the watermark only moves when the id was new). A stale event costs a second statement to say so.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Verdict admit(InboundEvent event) {
        Admission admission = jdbc.sql("""
                WITH fresh AS (
                    INSERT INTO processed_event (event_id, event_type, source, subject, outcome, processed_at)
                    VALUES (:id, :type, :source, :subject, 'APPLIED', :at) ON CONFLICT (event_id) DO NOTHING
                    RETURNING event_id
                ), advanced AS (
                    INSERT INTO event_watermark (source, subject, generation)
                    SELECT :source, :subject, :generation FROM fresh
                    ON CONFLICT (source, subject) DO UPDATE SET generation = EXCLUDED.generation
                    WHERE event_watermark.generation <= EXCLUDED.generation
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM fresh) AS fresh, (SELECT count(*) FROM advanced) AS advanced
                """)
                .param("id", event.id()).param("type", event.type()).param("source", event.source())
                .param("subject", event.subject()).param("at", SqlTime.of(clock.instant()))
                .param("generation", event.payload().generation())
                .query((rs, i) -> new Admission(rs.getLong("fresh") == 1, rs.getLong("advanced") == 1))
                .single();
        if (!admission.fresh()) {
            return Verdict.DUPLICATE;
        }
        if (!admission.advanced()) {
            jdbc.sql("UPDATE processed_event SET outcome = 'STALE' WHERE event_id = :id").param("id", event.id())
                    .update();
            return Verdict.STALE;
        }
        return Verdict.APPLY;
    }

    private record Admission(boolean fresh, boolean advanced) {
    }
}
