package io.kindling.teardown.deadline;

import io.kindling.kit.jdbc.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Deadlines in the {@code teardown} schema; due ones are claimed with {@code FOR UPDATE SKIP LOCKED}. */
public class DeadlineRepository {

    private final JdbcClient jdbc;

    public DeadlineRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a SCHEDULED deadline; a repeat of the same (kind, subject, generation) is a no-op. */
    public boolean schedule(Deadline d) {
        return jdbc.sql("""
                INSERT INTO deadline (id, kind, subject, generation, state, due_at, created_at, scheduled_by)
                VALUES (:id, :kind, :subject, :generation, 'SCHEDULED', :due, :created, :scheduledBy)
                ON CONFLICT (id) DO NOTHING
                """)
                .param("id", d.id()).param("kind", d.kind().name()).param("subject", d.subject())
                .param("generation", d.generation()).param("due", SqlTime.of(d.dueAt()))
                .param("created", SqlTime.of(d.createdAt())).param("scheduledBy", d.scheduledBy())
                .update() == 1;
    }

    /** Cancels every SCHEDULED deadline of this kind and subject older than {@code generation}; returns how many. */
    public int cancel(DeadlineKind kind, String subject, long generation, Instant at) {
        return jdbc.sql("UPDATE deadline SET state = 'CANCELLED', cancelled_at = :at WHERE kind = :kind "
                        + "AND subject = :subject AND state = 'SCHEDULED' AND generation < :generation")
                .param("at", SqlTime.of(at)).param("kind", kind.name()).param("subject", subject)
                .param("generation", generation).update();
    }

    /** Claims due SCHEDULED deadlines for this transaction; other sweepers skip them. */
    public List<Deadline> claimDue(Instant now, int limit) {
        return jdbc.sql("SELECT * FROM deadline WHERE state = 'SCHEDULED' AND due_at <= :now ORDER BY due_at "
                        + "LIMIT :limit FOR UPDATE SKIP LOCKED")
                .param("now", SqlTime.of(now)).param("limit", limit).query(this::map).list();
    }

    public void fired(String id, Instant at) {
        jdbc.sql("UPDATE deadline SET state = 'FIRED', fired_at = :at WHERE id = :id AND state = 'SCHEDULED'")
                .param("at", SqlTime.of(at)).param("id", id).update();
    }

    public List<Deadline> bySubject(String subject) {
        return jdbc.sql("SELECT * FROM deadline WHERE subject = :subject ORDER BY created_at, generation")
                .param("subject", subject).query(this::map).list();
    }

    private Deadline map(ResultSet rs, int row) throws SQLException {
        Timestamp fired = rs.getTimestamp("fired_at");
        Timestamp cancelled = rs.getTimestamp("cancelled_at");
        return new Deadline(rs.getString("id"), DeadlineKind.valueOf(rs.getString("kind")), rs.getString("subject"),
                rs.getLong("generation"), DeadlineState.valueOf(rs.getString("state")),
                rs.getTimestamp("due_at").toInstant(), fired == null ? null : fired.toInstant(),
                cancelled == null ? null : cancelled.toInstant(), rs.getTimestamp("created_at").toInstant(),
                rs.getString("scheduled_by"));
    }
}
