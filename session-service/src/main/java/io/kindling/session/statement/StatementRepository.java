package io.kindling.session.statement;

import io.kindling.kit.jdbc.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Statements in the {@code session} schema. */
@Repository
class StatementRepository {

    private final JdbcClient jdbc;

    StatementRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the next statement of the session (ids count from 0); the session row must be locked. */
    Statement insert(String sessionId, String kind, String code, Instant at) {
        int id = jdbc.sql("SELECT COALESCE(MAX(id) + 1, 0) FROM statement WHERE session_id = :s")
                .param("s", sessionId).query(Integer.class).single();
        jdbc.sql("INSERT INTO statement (session_id, id, kind, code, state, submitted_at) "
                        + "VALUES (:s, :id, :kind, :code, 'WAITING', :at)")
                .param("s", sessionId).param("id", id).param("kind", kind).param("code", code)
                .param("at", SqlTime.of(at)).update();
        return new Statement(sessionId, id, kind, code, StatementState.WAITING, null, 0, at, null, null);
    }

    Optional<Statement> find(String sessionId, int id) {
        return jdbc.sql("SELECT * FROM statement WHERE session_id = :s AND id = :id")
                .param("s", sessionId).param("id", id).query(this::map).optional();
    }

    List<Statement> list(String sessionId) {
        return jdbc.sql("SELECT * FROM statement WHERE session_id = :s ORDER BY id")
                .param("s", sessionId).query(this::map).list();
    }

    void running(String sessionId, int id, Instant at) {
        jdbc.sql("UPDATE statement SET state = 'RUNNING', started_at = :at WHERE session_id = :s AND id = :id "
                        + "AND state = 'WAITING'")
                .param("at", SqlTime.of(at)).param("s", sessionId).param("id", id).update();
    }

    void progress(String sessionId, int id, double progress) {
        jdbc.sql("UPDATE statement SET progress = :p WHERE session_id = :s AND id = :id")
                .param("p", progress).param("s", sessionId).param("id", id).update();
    }

    void finish(String sessionId, int id, StatementState state, String output, Instant at) {
        jdbc.sql("UPDATE statement SET state = :state, output = CAST(:output AS jsonb), progress = 1, "
                        + "completed_at = :at WHERE session_id = :s AND id = :id "
                        + "AND state IN ('WAITING', 'RUNNING', 'CANCELLING')")
                .param("state", state.name()).param("output", output).param("at", SqlTime.of(at))
                .param("s", sessionId).param("id", id).update();
    }

    /** Moves a not-finished statement to {@code state}; returns whether it did. */
    boolean mark(String sessionId, int id, StatementState state) {
        return jdbc.sql("UPDATE statement SET state = :state WHERE session_id = :s AND id = :id "
                        + "AND state IN ('WAITING', 'RUNNING', 'CANCELLING')")
                .param("state", state.name()).param("s", sessionId).param("id", id).update() == 1;
    }

    long unfinished(String sessionId) {
        return jdbc.sql("SELECT count(*) FROM statement WHERE session_id = :s "
                        + "AND state IN ('WAITING', 'RUNNING', 'CANCELLING')")
                .param("s", sessionId).query(Long.class).single();
    }

    /** Fails every unfinished statement of a session that ended. */
    void abandon(String sessionId, String output, Instant at) {
        jdbc.sql("UPDATE statement SET state = 'CANCELLED', output = CAST(:output AS jsonb), completed_at = :at "
                        + "WHERE session_id = :s AND state IN ('WAITING', 'RUNNING', 'CANCELLING')")
                .param("output", output).param("at", SqlTime.of(at)).param("s", sessionId).update();
    }

    private Statement map(ResultSet rs, int row) throws SQLException {
        Timestamp started = rs.getTimestamp("started_at");
        Timestamp completed = rs.getTimestamp("completed_at");
        return new Statement(rs.getString("session_id"), rs.getInt("id"), rs.getString("kind"), rs.getString("code"),
                StatementState.valueOf(rs.getString("state")), rs.getString("output"), rs.getDouble("progress"),
                rs.getTimestamp("submitted_at").toInstant(), started == null ? null : started.toInstant(),
                completed == null ? null : completed.toInstant());
    }
}
