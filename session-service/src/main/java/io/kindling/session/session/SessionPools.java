package io.kindling.session.session;

import io.kindling.events.PoolPlacement;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Which attached pool a session (or a batch job) was placed on, with the pool's conf and jars; keyed by its id. */
@Repository
public class SessionPools {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SessionPools(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void record(String sessionId, PoolPlacement placement) {
        jdbc.sql("""
                INSERT INTO session_pool (session_id, pool, placement) VALUES (:id, :pool, CAST(:placement AS jsonb))
                ON CONFLICT (session_id) DO NOTHING
                """).param("id", sessionId).param("pool", placement.name())
                .param("placement", json.writeValueAsString(placement)).update();
    }

    public Optional<PoolPlacement> find(String sessionId) {
        return jdbc.sql("SELECT placement FROM session_pool WHERE session_id = :id").param("id", sessionId)
                .query(String.class).optional().map(text -> json.readValue(text, PoolPlacement.class));
    }
}
