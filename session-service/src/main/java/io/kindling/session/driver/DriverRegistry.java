package io.kindling.session.driver;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The drivers that run, one per cluster, so a stop or a statement finds its agent. */
@Repository
public class DriverRegistry {

    private final JdbcClient jdbc;
    private final Clock clock;

    DriverRegistry(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void record(DriverHandle driver, String sessionId) {
        jdbc.sql("""
                INSERT INTO driver (cluster_id, session_id, pid, port, secret, work_dir, started_at)
                VALUES (:cluster, :session, :pid, :port, :secret, :dir, :at)
                ON CONFLICT (cluster_id) DO UPDATE SET session_id = EXCLUDED.session_id, pid = EXCLUDED.pid,
                    port = EXCLUDED.port, secret = EXCLUDED.secret, work_dir = EXCLUDED.work_dir,
                    started_at = EXCLUDED.started_at, stopped_at = NULL
                """)
                .param("cluster", driver.clusterId()).param("session", sessionId).param("pid", driver.pid())
                .param("port", driver.port()).param("secret", driver.secret())
                .param("dir", driver.workDir().toString()).param("at", Timestamp.from(clock.instant())).update();
    }

    public Optional<DriverHandle> running(String clusterId) {
        if (clusterId == null) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT cluster_id, pid, port, secret, work_dir FROM driver "
                        + "WHERE cluster_id = :cluster AND stopped_at IS NULL")
                .param("cluster", clusterId)
                .query((rs, i) -> new DriverHandle(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getString(4),
                        Path.of(rs.getString(5))))
                .optional();
    }

    /** The cluster's driver now serves another session (a warm start). */
    void reassign(String clusterId, String sessionId) {
        jdbc.sql("UPDATE driver SET session_id = :session WHERE cluster_id = :cluster AND stopped_at IS NULL")
                .param("session", sessionId).param("cluster", clusterId).update();
    }

    void stopped(String clusterId) {
        jdbc.sql("UPDATE driver SET stopped_at = :at WHERE cluster_id = :cluster AND stopped_at IS NULL")
                .param("at", Timestamp.from(clock.instant())).param("cluster", clusterId).update();
    }
}
