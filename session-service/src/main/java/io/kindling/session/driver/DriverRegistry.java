package io.kindling.session.driver;

import io.kindling.kit.jdbc.SqlTime;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The drivers that run, one per cluster, so a stop or a statement finds its agent. */
@Repository
public class DriverRegistry {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AgentSecrets secrets;

    DriverRegistry(JdbcClient jdbc, Clock clock, AgentSecrets secrets) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.secrets = secrets;
    }

    /**
     * Keeps the driver, with its secret's salt and not the secret (derived, see {@link AgentSecrets}).
     *
     * @param environmentHash the conda environment the driver was started with, or {@code null}
     */
    void record(DriverHandle driver, String sessionId, String environmentHash) {
        jdbc.sql("""
                INSERT INTO driver (cluster_id, session_id, pid, host, port, secret, secret_salt, work_dir, started_at,
                    environment_hash)
                VALUES (:cluster, :session, :pid, :host, :port, NULL, :salt, :dir, :at, :env)
                ON CONFLICT (cluster_id) DO UPDATE SET session_id = EXCLUDED.session_id, pid = EXCLUDED.pid,
                    host = EXCLUDED.host, port = EXCLUDED.port, secret = NULL, secret_salt = EXCLUDED.secret_salt,
                    work_dir = EXCLUDED.work_dir,
                    started_at = EXCLUDED.started_at, stopped_at = NULL, environment_hash = EXCLUDED.environment_hash
                """)
                .param("env", environmentHash)
                .param("cluster", driver.clusterId()).param("session", sessionId).param("pid", driver.pid())
                .param("host", driver.host()).param("port", driver.port()).param("salt", driver.secretSalt())
                .param("dir", driver.workDir().toString()).param("at", SqlTime.of(clock.instant())).update();
    }

    public Optional<DriverHandle> running(String clusterId) {
        if (clusterId == null) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT cluster_id, pid, host, port, secret, secret_salt, work_dir FROM driver "
                        + "WHERE cluster_id = :cluster AND stopped_at IS NULL")
                .param("cluster", clusterId)
                .query((rs, i) -> {
                    String salt = rs.getString(6);
                    String secret = salt == null ? rs.getString(5) : secrets.secret(rs.getString(1), salt);
                    return new DriverHandle(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getInt(4), secret,
                            salt, Path.of(rs.getString(7)));
                })
                .optional();
    }

    /** The conda environment the cluster's running driver has, or {@code null} for none. */
    String environment(String clusterId) {
        return jdbc.sql("SELECT environment_hash FROM driver WHERE cluster_id = :cluster AND stopped_at IS NULL")
                .param("cluster", clusterId).query((rs, i) -> rs.getString(1)).optional().orElse(null);
    }

    /** The cluster's driver now serves another session (a warm start). */
    void reassign(String clusterId, String sessionId) {
        jdbc.sql("UPDATE driver SET session_id = :session WHERE cluster_id = :cluster AND stopped_at IS NULL")
                .param("session", sessionId).param("cluster", clusterId).update();
    }

    void stopped(String clusterId) {
        jdbc.sql("UPDATE driver SET stopped_at = :at WHERE cluster_id = :cluster AND stopped_at IS NULL")
                .param("at", SqlTime.of(clock.instant())).param("cluster", clusterId).update();
    }
}
