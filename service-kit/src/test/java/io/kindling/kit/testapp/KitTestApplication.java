package io.kindling.kit.testapp;

import io.kindling.events.ClusterTornDown;
import io.kindling.events.SessionStopRequested;
import io.kindling.kit.ServiceKitConfiguration;
import io.kindling.kit.inbox.EventDispatcher;
import io.kindling.kit.inbox.EventHandlers;
import io.kindling.kit.inbox.NotYetApplicableException;
import io.kindling.kit.tx.AfterCommit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.messaging.Message;

/**
 * A minimal service built on the kit: it records every SessionStopRequested it applies (except those requested by
 * "bystander", which do not concern it) as a widget that counts how often it was applied, and every ClusterTornDown
 * (another topic) once its session's stop has been applied, waiting for it before then.
 */
@SpringBootApplication
@Import(ServiceKitConfiguration.class)
public class KitTestApplication {

    public static final List<SessionStopRequested> APPLIED = new CopyOnWriteArrayList<>();
    public static final List<ClusterTornDown> TORN_DOWN = new CopyOnWriteArrayList<>();
    /** How often the handler was tried with each session's stop that fails on purpose (requested by "explode"). */
    public static final java.util.Map<String, AtomicInteger> EXPLODED = new java.util.concurrent.ConcurrentHashMap<>();
    /** How often a ClusterTornDown came before its session's stop and was put off. */
    public static final AtomicInteger TOO_EARLY = new AtomicInteger();

    @Bean
    EventHandlers eventHandlers(JdbcClient jdbc) {
        // a stop requested by "bystander" does not concern this service: ignored before the inbox
        return new EventHandlers().on(SessionStopRequested.class, e -> !"bystander".equals(e.requestedBy()), e -> {
            // applied again, the widget counts it: a second apply is visible, not refused by the primary key
            jdbc.sql("INSERT INTO widget (id, note) VALUES (:id, :note) "
                            + "ON CONFLICT (id) DO UPDATE SET applied = widget.applied + 1")
                    .param("id", e.sessionId() + "/" + e.generation()).param("note", e.requestedBy()).update();
            if ("explode".equals(e.requestedBy())) {
                EXPLODED.computeIfAbsent(e.sessionId(), id -> new AtomicInteger()).incrementAndGet();
                throw new IllegalStateException("handler failure on purpose");
            }
            // what a handler does outside the database waits for the commit: its transaction may still roll back
            AfterCommit.run(() -> APPLIED.add(e));
        }).on(ClusterTornDown.class, e -> {
            long known = jdbc.sql("SELECT count(*) FROM widget WHERE id LIKE :prefix")
                    .param("prefix", e.sessionId() + "/%").query(Long.class).single();
            if (known == 0) {
                TOO_EARLY.incrementAndGet();
                throw new NotYetApplicableException("session " + e.sessionId() + " has not stopped yet");
            }
            AfterCommit.run(() -> TORN_DOWN.add(e));
        });
    }

    @Bean
    Consumer<Message<List<byte[]>>> sessionEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }

    @Bean
    Consumer<Message<List<byte[]>>> clusterEvents(EventDispatcher dispatcher) {
        return dispatcher::dispatch;
    }
}
