package io.kindling.agent.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Kindling sessions open on this agent, by session id. */
public final class SessionRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    private final Map<String, KindlingSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final ObjectMapper mapper;
    private final boolean resetOnClose;
    private final Optional<PersistentCatalog> catalog;

    public SessionRegistry(Clock clock, ObjectMapper mapper, boolean resetOnClose) {
        this(clock, mapper, resetOnClose, Optional.empty());
    }

    /** @param catalog the persistent catalog of an attached pool, or empty for the in-memory catalog alone */
    public SessionRegistry(Clock clock, ObjectMapper mapper, boolean resetOnClose,
                           Optional<PersistentCatalog> catalog) {
        this.clock = clock;
        this.mapper = mapper;
        this.resetOnClose = resetOnClose;
        this.catalog = catalog;
    }

    /**
     * Opens session {@code id} on a new {@code SparkSession} derived from {@code root}, with the session's
     * runtime-settable conf ({@code spark.sql.*} and the like) applied; static conf was fixed when the
     * driver started, and the control plane reuses a driver only for sessions whose static conf matches.
     *
     * @return empty if a session with that id is already open
     */
    public synchronized Optional<KindlingSession> create(String id, SparkSession root, Map<String, String> conf) {
        if (sessions.containsKey(id)) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        SparkSession spark = root.newSession();
        conf.forEach((key, value) -> {
            if (spark.conf().isModifiable(key)) {
                spark.conf().set(key, value);
            } else {
                LOG.debug("session {}: {} is fixed for the driver's life; not set per session", id, key);
            }
        });
        catalog.ifPresent(c -> {
            try {
                c.restore(spark);
            } catch (java.io.IOException | RuntimeException e) {
                LOG.warn("session {}: the persistent catalog could not be read: {}", id, e.getMessage());
            }
        });
        KindlingSession session = new KindlingSession(id, spark, clock, mapper, resetOnClose, catalog);
        sessions.put(id, session);
        LOG.info("session {} opened (newSession took {} ms)", id, (System.nanoTime() - start) / 1_000_000);
        return Optional.of(session);
    }

    /** The open session {@code id}, if any. */
    public Optional<KindlingSession> get(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    /**
     * Forgets session {@code id} and closes it: statements cancelled, temp views dropped.
     *
     * @return false if no such session was open
     */
    public boolean close(String id) {
        KindlingSession session = sessions.remove(id);
        if (session == null) {
            return false;
        }
        session.close();
        return true;
    }
}
